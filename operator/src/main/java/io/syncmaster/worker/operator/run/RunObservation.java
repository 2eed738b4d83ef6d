package io.syncmaster.worker.operator.run;

import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the state machine looks at for one run, gathered by the reconciler's observe step.
 *
 * @param phase the TransferRun's current phase
 * @param claimed whether the row has been claimed by us (condition Claimed=True)
 * @param jobCreated whether we have seen our Job exist (condition JobCreated=True)
 * @param dbSynced whether the row already holds the final status (condition DbSynced=True)
 * @param stopRequest why a stop was requested, empty when none was
 * @param row the row's status; empty when the row does not exist; {@code null} when the database could not be read
 * @param workload the Job/Pod state
 * @param sinceAdmitted time since the run got its slot (null when not admitted)
 * @param sinceRunning time since the pod was first seen running (null when never)
 * @param sinceFinished time since the run reached its terminal phase (null when not terminal)
 * @param limits the deadlines that apply to the run
 */
public record RunObservation(
        RunPhase phase,
        boolean claimed,
        boolean jobCreated,
        boolean dbSynced,
        Optional<String> stopRequest,
        Optional<RunStatus> row,
        WorkloadState workload,
        Duration sinceAdmitted,
        Duration sinceRunning,
        Duration sinceFinished,
        RunLimits limits) {

    /** Whether the database answered during this observation. */
    public boolean rowKnown() {
        return row != null;
    }
}
