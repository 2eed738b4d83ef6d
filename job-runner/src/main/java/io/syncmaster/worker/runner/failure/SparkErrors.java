package io.syncmaster.worker.runner.failure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells which side a Spark JDBC job failed on when the error comes from Spark's own reader/writer code (the COPY
 * paths tag their errors themselves): a failure raised inside Spark's JDBC scan is the source's, anything else in
 * a write job is the target's.
 */
public final class SparkErrors {
    private SparkErrors() {
    }

    public static FailureSide sideOfWriteJob(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RunFailure failure) {
                return failure.side();
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                String className = frame.getClassName();
                if (className.contains("datasources.jdbc.JdbcUtils") && frame.getMethodName().contains("savePartition")) {
                    return FailureSide.TARGET;
                }
                if (className.contains("datasources.jdbc.JDBCRDD")) {
                    return FailureSide.SOURCE;
                }
            }
        }
        return FailureSide.TARGET;
    }
}
