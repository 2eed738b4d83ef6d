package io.syncmaster.worker.runner.transfer;

import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * Strategy full or incremental (transfer-semantics §3.3): decides what one run reads and how the target takes it,
 * and keeps the HWM bookkeeping out of connectors. The controller calls {@link #begin} after both connection checks,
 * {@link #afterRead} once the source returned its Dataset (file sources have downloaded by then), and
 * {@link #succeeded} only after the target write succeeded.
 */
public interface TransferStrategy {
    /**
     * @param source          the validated, checked source (a {@code WindowedSource} or {@code FileSource} when the
     *                        strategy needs one; otherwise fail as a setup error naming the source type)
     * @param transformations the transfer's filters, for measuring the increment column over the filtered rows
     */
    Decision begin(RunEnvironment env, Source source, Transformations transformations);

    /** The read has been set up (file sources: downloaded). Upstream saves a file HWM here, before the write. */
    default void afterRead(RunEnvironment env) {
    }

    /** The target write succeeded: e.g. save the new HWM. */
    default void succeeded(RunEnvironment env, WriteResult result) {
    }

    /** What to read and how to write it. */
    record Decision(ReadScope scope, WriteMode mode) {
    }

    /** Strategy full without an HWM store: read everything, replace the target. */
    static TransferStrategy full() {
        return (env, source, transformations) -> new Decision(new ReadScope.All(), WriteMode.REPLACE);
    }
}
