package io.syncmaster.worker.operator.run;

/** The one thing the reconciler does to the world after a decision; each maps to a named step. */
public enum RunAction {
    /** Nothing to do now; look again later. */
    WAIT,
    /** Ask the queue's admission for a slot. */
    ADMIT,
    /** Claim the row (conditional UPDATE CREATED → STARTED) and record the Job name. */
    CLAIM,
    /** Create the run's Job (get-or-create). */
    CREATE_JOB,
    /** Delete the run's Job (stop or deadline) and then write the final row status. */
    DELETE_JOB_AND_SYNC,
    /** Write the final status into the row (idempotent, retried until it sticks). */
    SYNC_ROW,
    /** The TTL has passed: delete the TransferRun (its Job goes with it). */
    DELETE_RUN
}
