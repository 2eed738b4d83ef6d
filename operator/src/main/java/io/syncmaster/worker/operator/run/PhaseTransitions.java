package io.syncmaster.worker.operator.run;

import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.RunOutcome;
import io.syncmaster.worker.operator.crd.RunPhase;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * The TransferRun state machine (design §3) as pure functions: which phase changes are allowed, what to do
 * next given an observation, and where a claim attempt leads. No I/O here, so every rule is unit-tested.
 */
public final class PhaseTransitions {

    private static final Map<RunPhase, Set<RunPhase>> ALLOWED = Map.of(
            RunPhase.QUEUED, EnumSet.of(RunPhase.PENDING, RunPhase.STOPPED, RunPhase.SKIPPED, RunPhase.FAILED),
            RunPhase.PENDING, EnumSet.of(RunPhase.RUNNING, RunPhase.SUCCEEDED, RunPhase.FAILED, RunPhase.STOPPED, RunPhase.SKIPPED),
            RunPhase.RUNNING, EnumSet.of(RunPhase.SUCCEEDED, RunPhase.FAILED, RunPhase.STOPPED),
            RunPhase.SUCCEEDED, EnumSet.noneOf(RunPhase.class),
            RunPhase.FAILED, EnumSet.noneOf(RunPhase.class),
            RunPhase.STOPPED, EnumSet.noneOf(RunPhase.class),
            RunPhase.SKIPPED, EnumSet.noneOf(RunPhase.class));

    /** Reason of a run this worker cannot execute (refused before its claim, or its rows vanished after it). */
    public static final String CANNOT_RUN = "CannotRun";
    /** Reason of a run whose Secret or Job the API server refused. */
    public static final String JOB_REJECTED = "JobRejected";

    private PhaseTransitions() {
    }

    /** Whether a run may move from {@code from} to {@code to}; staying in the same phase is always allowed. */
    public static boolean allowed(RunPhase from, RunPhase to) {
        return from == to || ALLOWED.get(from).contains(to);
    }

    /** Decides the next phase and action for one observation. Terminal phases never change. */
    public static Decision decide(RunObservation o) {
        if (o.phase().isTerminal()) {
            return decideTerminal(o);
        }
        // A finished Job is a fact: it wins over a stop request that arrived too late (RunOutcome, shared with the
        // standalone worker). A stop this operator carries out deletes the Job, so a Job seen FAILED failed first.
        WorkloadState w = o.workload();
        boolean ours = o.claimed() && o.phase().holdsSlot();
        if (ours && (w.kind() == WorkloadState.Kind.SUCCEEDED || w.kind() == WorkloadState.Kind.FAILED)) {
            RunOutcome outcome = RunOutcome.decide(w.kind() == WorkloadState.Kind.SUCCEEDED, null, w.message());
            return outcome.status() == RunStatus.FINISHED
                    ? new Decision(RunPhase.SUCCEEDED, RunAction.SYNC_ROW, "JobSucceeded", outcome.detail())
                    : new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, reasonOr(w.reason(), "JobFailed"), outcome.detail());
        }
        if (o.stopRequest().isPresent()) {
            return new Decision(RunPhase.STOPPED, RunAction.DELETE_JOB_AND_SYNC, "StopRequested", o.stopRequest().get());
        }
        return switch (o.phase()) {
            case QUEUED -> decideQueued(o);
            case PENDING -> decidePending(o);
            case RUNNING -> decideRunning(o);
            default -> throw new IllegalStateException("unreachable: " + o.phase());
        };
    }

    private static Decision decideQueued(RunObservation o) {
        if (o.rowKnown()) {
            if (o.row().isEmpty()) {
                return new Decision(RunPhase.SKIPPED, RunAction.SYNC_ROW, "RunNotFound", "the run row does not exist (deleted with its transfer?)");
            }
            RunStatus status = o.row().get();
            if (status != RunStatus.CREATED) {
                return new Decision(RunPhase.SKIPPED, RunAction.SYNC_ROW, "NotCreated",
                        "the run is " + status + ", not CREATED: another worker took it or it already ended");
            }
        }
        return Decision.stay(RunPhase.QUEUED, RunAction.ADMIT);
    }

    private static Decision decidePending(RunObservation o) {
        if (!o.claimed()) {
            return Decision.stay(RunPhase.PENDING, RunAction.CLAIM);
        }
        WorkloadState w = o.workload();
        if (w.kind() == WorkloadState.Kind.ABSENT) {
            if (o.jobCreated()) {
                return new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, "JobDeleted", "the run's Job was deleted before it completed");
            }
            return Decision.stay(RunPhase.PENDING, RunAction.CREATE_JOB);
        }
        if (w.kind() == WorkloadState.Kind.RUNNING) {
            return new Decision(RunPhase.RUNNING, RunAction.WAIT, "PodRunning", null);
        }
        if (exceeded(o.sinceAdmitted(), o.limits().startTimeout())) {
            String reason = w.startBlocked() ? w.reason() : "StartTimeout";
            String message = "the pod did not start running within " + o.limits().startTimeout().toSeconds() + " s"
                    + (w.message() == null ? "" : ": " + w.message());
            return new Decision(RunPhase.FAILED, RunAction.DELETE_JOB_AND_SYNC, reason, message);
        }
        return new Decision(RunPhase.PENDING, RunAction.WAIT, w.reason(), w.message());
    }

    private static Decision decideRunning(RunObservation o) {
        WorkloadState w = o.workload();
        if (w.kind() == WorkloadState.Kind.ABSENT) {
            return new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, "JobDeleted", "the run's Job was deleted before it completed");
        }
        if (o.limits().activeDeadline() != null
                && exceeded(o.sinceRunning(), o.limits().activeDeadline().plus(RunLimits.DEADLINE_GRACE))) {
            return new Decision(RunPhase.FAILED, RunAction.DELETE_JOB_AND_SYNC, "DeadlineExceeded",
                    "the run was still running after " + o.limits().activeDeadline().toSeconds() + " s");
        }
        return Decision.stay(RunPhase.RUNNING, RunAction.WAIT);
    }

    private static Decision decideTerminal(RunObservation o) {
        if (!o.dbSynced()) {
            return Decision.stay(o.phase(), RunAction.SYNC_ROW);
        }
        if (o.sinceFinished() != null && o.limits().ttlAfterFinished() != null
                && exceeded(o.sinceFinished(), o.limits().ttlAfterFinished())) {
            return Decision.stay(o.phase(), RunAction.DELETE_RUN);
        }
        return Decision.stay(o.phase(), RunAction.WAIT);
    }

    /** Where a claim attempt leads the run (phase PENDING → PENDING with Claimed, or a terminal phase). */
    public static Decision afterClaim(ClaimOutcome outcome) {
        if (outcome instanceof ClaimOutcome.Claimed) {
            return new Decision(RunPhase.PENDING, RunAction.CREATE_JOB, "Claimed", "the run row is STARTED");
        }
        if (outcome instanceof ClaimOutcome.NotFound) {
            return new Decision(RunPhase.SKIPPED, RunAction.SYNC_ROW, "RunNotFound", "the run row does not exist (deleted with its transfer?)");
        }
        if (outcome instanceof ClaimOutcome.NotClaimable n) {
            if (n.current() == RunStatus.SEND_STOP_SIGNAL) {
                return new Decision(RunPhase.STOPPED, RunAction.SYNC_ROW, "StopRequested", "the run was stopped before it started");
            }
            return new Decision(RunPhase.SKIPPED, RunAction.SYNC_ROW, "NotCreated",
                    "the run is " + n.current() + ", not CREATED: another worker took it or it already ended");
        }
        if (outcome instanceof ClaimOutcome.Rejected r) {
            // The repository already wrote FAILED into the row, as SyncMaster's own worker does; syncing is a no-op.
            return new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, "ClaimRejected", r.reason());
        }
        throw new IllegalArgumentException("unknown claim outcome " + outcome);
    }

    /** A run this worker cannot execute: FAILED with why (the row is already FAILED, or becomes so when synced). */
    public static Decision cannotRun(String reason) {
        return new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, CANNOT_RUN, reason);
    }

    /**
     * After the API server refused the run's Job: FAILED once the start timeout (counted from admission) is over,
     * otherwise empty (retry at the next resync; a quota may free up).
     */
    public static Optional<Decision> afterJobRejected(Duration sinceAdmitted, RunLimits limits, String message) {
        if (sinceAdmitted == null || limits.startTimeout() == null || exceeded(sinceAdmitted, limits.startTimeout())) {
            return Optional.of(new Decision(RunPhase.FAILED, RunAction.DELETE_JOB_AND_SYNC, JOB_REJECTED, message));
        }
        return Optional.empty();
    }

    private static boolean exceeded(Duration elapsed, Duration limit) {
        return elapsed != null && limit != null && elapsed.compareTo(limit) > 0;
    }

    private static String reasonOr(String reason, String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }
}
