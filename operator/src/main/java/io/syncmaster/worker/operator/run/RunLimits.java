package io.syncmaster.worker.operator.run;

import java.time.Duration;

/**
 * The deadlines of a run, resolved from its queue's run template over the operator's defaults.
 *
 * @param startTimeout how long a run may hold a slot without its pod running
 * @param activeDeadline how long the pod may run (also given to the Job as activeDeadlineSeconds)
 * @param ttlAfterFinished how long a finished, synced TransferRun is kept
 */
public record RunLimits(Duration startTimeout, Duration activeDeadline, Duration ttlAfterFinished) {
    /** Extra time over activeDeadline before the operator fails a run the Job controller has not failed yet. */
    public static final Duration DEADLINE_GRACE = Duration.ofSeconds(60);
}
