package io.syncmaster.worker.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a worker writes down the claim it is about to make, before making it: the claim's {@code started_at}. If the
 * worker dies after the UPDATE committed but before it noted the success, the next attempt recognises the row as
 * its own by that instant instead of skipping a run it owns. The operator keeps it in the TransferRun status, the
 * standalone worker in its run journal.
 */
public interface ClaimIntents {

    /** The claim time an earlier attempt recorded for the run, if any. */
    Optional<Instant> previous(long runId);

    /** Durably records that the run is about to be claimed with {@code started_at = claimTime}. */
    void record(long runId, Instant claimTime);
}
