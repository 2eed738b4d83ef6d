package io.syncmaster.worker.runner.transfer;

import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;

/**
 * A pair-specific shortcut that moves data without a Spark DataFrame (the PostgreSQL → PostgreSQL COPY pipe). The
 * controller asks each registered fast path in turn and uses the first that applies; connectors never know about
 * them. A fast path gives the same result and the same replace/append guarantees as the general path.
 */
public interface FastPath {
    /** For the log, e.g. {@code PostgreSQL COPY pipe}. */
    String name();

    /** Whether this pair, request and mode can take the shortcut. May read metadata (column types), moves no data. */
    boolean applies(RunEnvironment env, Source source, Target target, ReadRequest request, WriteMode mode);

    /** Moves the data; only called when {@link #applies} said yes. */
    WriteResult transfer(RunEnvironment env, Source source, Target target, ReadRequest request, WriteMode mode);
}
