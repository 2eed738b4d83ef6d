package io.syncmaster.worker.db;

/**
 * The result of {@link RunRepository#claim}: exactly one worker wins a CREATED run.
 */
public sealed interface ClaimOutcome
        permits ClaimOutcome.Claimed, ClaimOutcome.NotFound, ClaimOutcome.NotClaimable, ClaimOutcome.Rejected {

    /** The run is now STARTED by us; {@code row} is the row as stored (with {@code started_at} and {@code log_url}). */
    record Claimed(RunRow row) implements ClaimOutcome { }

    /** No run with this id (never existed, or its transfer was deleted). */
    record NotFound() implements ClaimOutcome { }

    /** The run exists but is not CREATED (another worker took it, it finished, or a stop was requested). */
    record NotClaimable(RunStatus current) implements ClaimOutcome { }

    /**
     * The log URL could not be produced (template error, or longer than 512 characters); like SyncMaster's worker,
     * the row was set FAILED with {@code ended_at}. {@code reason} says why, without secrets.
     */
    record Rejected(String reason) implements ClaimOutcome { }
}
