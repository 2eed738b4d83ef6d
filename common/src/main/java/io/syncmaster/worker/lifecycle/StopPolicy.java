package io.syncmaster.worker.lifecycle;

import io.syncmaster.worker.db.RunStatus;
import java.util.Optional;

/**
 * When a run must stop, for both workers alike, from its row as polled now:
 * <ul>
 *   <li>{@code SEND_STOP_SIGNAL} (SyncMaster's stop button, which upstream never acts on) stops the run, claimed or
 *       not; an unclaimed run then ends STOPPED without starting;</li>
 *   <li>once the run is claimed, a row that vanished (its transfer was deleted) or that someone else made final also
 *       stops it: its result could never be recorded;</li>
 *   <li>before the claim, a missing or non-CREATED row is no stop: the claim skips such a run, its row untouched.</li>
 * </ul>
 */
public final class StopPolicy {

    private StopPolicy() {
    }

    /**
     * @param row     the row's status now; empty when the row no longer exists
     * @param claimed whether this worker claimed the run (its row is, or was, STARTED by us)
     * @return why the run must stop, empty when it goes on
     */
    public static Optional<String> stopReason(Optional<RunStatus> row, boolean claimed) {
        if (row.isPresent() && row.get() == RunStatus.SEND_STOP_SIGNAL) {
            return Optional.of("SyncMaster requested a stop (run status SEND_STOP_SIGNAL)");
        }
        if (!claimed) {
            return Optional.empty();
        }
        if (row.isEmpty()) {
            return Optional.of("the run row was deleted (with its transfer?)");
        }
        if (row.get().isTerminal()) {
            return Optional.of("the run is already " + row.get() + " (written by someone else)");
        }
        return Optional.empty();
    }
}
