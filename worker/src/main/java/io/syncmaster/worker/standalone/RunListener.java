package io.syncmaster.worker.standalone;

import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;

/**
 * Observer of the standalone worker's runs, for progress output (the demo) and tests; the log has the same
 * information. Called from worker threads; implementations must be quick and thread-safe. Every method has a no-op
 * default.
 */
public interface RunListener {

    /** The run row was claimed (now STARTED, with its log URL) and its child JVM is starting. */
    default void onStarted(RunRow claimed) {
    }

    /** A message was acknowledged without executing its run (not found, or not CREATED); the row is untouched. */
    default void onSkipped(long runId, String reason) {
    }

    /** The worker is stopping the run's child (stop request, shutdown, row deleted). */
    default void onStopping(long runId, String reason) {
    }

    /**
     * The run ended and the worker wrote (or tried to write) {@code status} to its row.
     *
     * @param status the terminal status decided by this worker
     * @param stored the status the row holds afterwards (differs if someone else ended it first); null if the row is
     *               gone
     * @param detail why, secret-free (termination message, stop reason)
     */
    default void onFinished(long runId, RunStatus status, RunStatus stored, String detail) {
    }

    /** A listener that ignores everything. */
    static RunListener none() {
        return new RunListener() {
        };
    }
}
