package io.syncmaster.worker.runner.transfer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Collects what the run summary reports while a run executes: seconds per phase (in the order the phases ran), the
 * rows Spark tasks read (their input metrics: JDBC scans and file reads count rows there), the bytes they wrote,
 * and the target's own count. Owned by the caller, so a failed run still has its partial figures.
 */
public final class RunMetrics {
    private final Map<String, Double> phases = new LinkedHashMap<>();
    private final AtomicLong sparkRowsRead = new AtomicLong();
    private final AtomicLong sparkBytesWritten = new AtomicLong();
    private String current;
    private long currentStart;
    private OptionalLong rowsRead = OptionalLong.empty();
    private OptionalLong rowsWritten = OptionalLong.empty();
    private OptionalLong bytesWritten = OptionalLong.empty();

    /** Ends the running phase (if any) and starts {@code phase}. */
    public synchronized void phase(String phase) {
        end();
        current = phase;
        currentStart = System.nanoTime();
    }

    /** Ends the running phase. */
    public synchronized void end() {
        if (current != null) {
            phases.merge(current, (System.nanoTime() - currentStart) / 1e9, Double::sum);
            current = null;
        }
    }

    /** A Spark listener adding the tasks' input rows and output bytes. */
    SparkListener listener() {
        return new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.taskMetrics() != null) {
                    sparkRowsRead.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
                    sparkBytesWritten.addAndGet(taskEnd.taskMetrics().outputMetrics().bytesWritten());
                }
            }
        };
    }

    /** The rows the source produced, when a path knows them exactly (the COPY pipe: rows read = rows written). */
    public synchronized void rowsRead(long rows) {
        rowsRead = OptionalLong.of(rows);
    }

    public synchronized void written(long rows, OptionalLong bytes) {
        rowsWritten = OptionalLong.of(rows);
        bytesWritten = bytes;
    }

    /** The summary as of now; the running phase is ended first. */
    public synchronized RunSummary summary(boolean succeeded) {
        end();
        OptionalLong read = rowsRead.isPresent() ? rowsRead
                : sparkRowsRead.get() > 0 || rowsWritten.isPresent() ? OptionalLong.of(sparkRowsRead.get()) : OptionalLong.empty();
        OptionalLong bytes = bytesWritten.isPresent() ? bytesWritten
                : sparkBytesWritten.get() > 0 ? OptionalLong.of(sparkBytesWritten.get()) : OptionalLong.empty();
        return new RunSummary(succeeded, read, rowsWritten, bytes, phases);
    }
}
