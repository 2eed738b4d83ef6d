package io.syncmaster.worker.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PhaseTransitionsTest {
    private static final RunLimits LIMITS = new RunLimits(Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofSeconds(3600));

    /** A builder over RunObservation so each test states only what matters to it. */
    private static final class Obs {
        RunPhase phase = RunPhase.QUEUED;
        boolean claimed;
        boolean jobCreated;
        boolean dbSynced;
        Optional<String> stop = Optional.empty();
        Optional<RunStatus> row = Optional.of(RunStatus.CREATED);
        boolean rowKnown = true;
        WorkloadState workload = WorkloadState.absent();
        Duration sinceAdmitted;
        Duration sinceRunning;
        Duration sinceFinished;

        Obs phase(RunPhase p) {
            phase = p;
            return this;
        }

        Obs claimed() {
            claimed = true;
            return this;
        }

        Obs jobCreated() {
            jobCreated = true;
            return this;
        }

        Obs synced() {
            dbSynced = true;
            return this;
        }

        Obs row(RunStatus s) {
            row = Optional.ofNullable(s);
            return this;
        }

        Obs rowUnknown() {
            rowKnown = false;
            return this;
        }

        Obs workload(WorkloadState w) {
            workload = w;
            return this;
        }

        Obs stop(String why) {
            stop = Optional.of(why);
            return this;
        }

        Decision decide() {
            return PhaseTransitions.decide(new RunObservation(phase, claimed, jobCreated, dbSynced, stop, rowKnown ? row : null,
                    workload, sinceAdmitted, sinceRunning, sinceFinished, LIMITS));
        }
    }

    @Nested
    class AllowedTransitions {
        @ParameterizedTest
        @EnumSource(value = RunPhase.class, names = {"SUCCEEDED", "FAILED", "STOPPED", "SKIPPED"})
        void terminalPhasesNeverChange(RunPhase terminal) {
            for (RunPhase to : RunPhase.values()) {
                assertThat(PhaseTransitions.allowed(terminal, to)).as("%s -> %s", terminal, to).isEqualTo(to == terminal);
            }
        }

        @Test
        void phasesOnlyMoveForward() {
            assertThat(PhaseTransitions.allowed(RunPhase.QUEUED, RunPhase.PENDING)).isTrue();
            assertThat(PhaseTransitions.allowed(RunPhase.PENDING, RunPhase.RUNNING)).isTrue();
            assertThat(PhaseTransitions.allowed(RunPhase.RUNNING, RunPhase.SUCCEEDED)).isTrue();
            assertThat(PhaseTransitions.allowed(RunPhase.RUNNING, RunPhase.PENDING)).isFalse();
            assertThat(PhaseTransitions.allowed(RunPhase.PENDING, RunPhase.QUEUED)).isFalse();
            assertThat(PhaseTransitions.allowed(RunPhase.RUNNING, RunPhase.QUEUED)).isFalse();
            assertThat(PhaseTransitions.allowed(RunPhase.RUNNING, RunPhase.SKIPPED)).as("a running run is ours: never skipped").isFalse();
            assertThat(PhaseTransitions.allowed(RunPhase.QUEUED, RunPhase.RUNNING)).as("no slot skipping").isFalse();
        }

        @Test
        void everyDecisionIsAnAllowedTransition() {
            for (RunPhase phase : RunPhase.values()) {
                for (WorkloadState w : new WorkloadState[] {WorkloadState.absent(), WorkloadState.starting("ErrImagePull", "x", "p"),
                        WorkloadState.running("p"), WorkloadState.succeeded("p"), WorkloadState.failed("Error", "boom", "p")}) {
                    for (RunStatus row : EnumSet.allOf(RunStatus.class)) {
                        for (boolean claimed : new boolean[] {false, true}) {
                            Obs o = new Obs().phase(phase).workload(w).row(row);
                            o.claimed = claimed;
                            o.jobCreated = claimed;
                            o.sinceAdmitted = Duration.ofHours(1);
                            o.sinceRunning = Duration.ofHours(1);
                            Decision d = o.decide();
                            assertThat(PhaseTransitions.allowed(phase, d.phase())).as("%s with %s/%s/claimed=%s -> %s", phase, w.kind(), row,
                                    claimed, d.phase()).isTrue();
                        }
                    }
                }
            }
        }
    }

    @Nested
    class Queued {
        @Test
        void createdRowWaitsForASlot() {
            assertThat(new Obs().decide()).isEqualTo(Decision.stay(RunPhase.QUEUED, RunAction.ADMIT));
        }

        @Test
        void unknownRowStillAsksForASlotTheClaimDecidesLater() {
            assertThat(new Obs().rowUnknown().decide().action()).isEqualTo(RunAction.ADMIT);
        }

        @Test
        void missingRowIsSkipped() {
            Decision d = new Obs().row(null).decide();
            assertThat(d.phase()).isEqualTo(RunPhase.SKIPPED);
            assertThat(d.reason()).isEqualTo("RunNotFound");
        }

        @Test
        void rowTakenByAnotherWorkerIsSkippedWithoutWaitingForASlot() {
            Decision d = new Obs().row(RunStatus.STARTED).decide();
            assertThat(d.phase()).isEqualTo(RunPhase.SKIPPED);
            assertThat(d.message()).contains("STARTED");
        }

        @Test
        void stopSignalBeforePickUpEndsStoppedNotSkippedForever() {
            Decision d = new Obs().row(RunStatus.SEND_STOP_SIGNAL).stop("SEND_STOP_SIGNAL").decide();
            assertThat(d.phase()).isEqualTo(RunPhase.STOPPED);
            assertThat(d.action()).isEqualTo(RunAction.DELETE_JOB_AND_SYNC);
        }
    }

    @Nested
    class Pending {
        @Test
        void unclaimedRunIsClaimedFirst() {
            assertThat(new Obs().phase(RunPhase.PENDING).decide().action()).isEqualTo(RunAction.CLAIM);
        }

        @Test
        void claimedRunWithoutJobCreatesIt() {
            assertThat(new Obs().phase(RunPhase.PENDING).claimed().row(RunStatus.STARTED).decide().action())
                    .isEqualTo(RunAction.CREATE_JOB);
        }

        @Test
        void jobThatDisappearedAfterCreationFailsTheRunInsteadOfRunningItTwice() {
            Decision d = new Obs().phase(RunPhase.PENDING).claimed().jobCreated().row(RunStatus.STARTED).decide();
            assertThat(d.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(d.reason()).isEqualTo("JobDeleted");
        }

        @Test
        void runningPodMovesToRunning() {
            Decision d = new Obs().phase(RunPhase.PENDING).claimed().jobCreated().row(RunStatus.STARTED)
                    .workload(WorkloadState.running("pod-1")).decide();
            assertThat(d.phase()).isEqualTo(RunPhase.RUNNING);
        }

        @Test
        void imagePullErrorWithinTheStartTimeoutOnlyRecordsTheReason() {
            Obs o = new Obs().phase(RunPhase.PENDING).claimed().jobCreated().row(RunStatus.STARTED)
                    .workload(WorkloadState.starting("ImagePullBackOff", "Back-off pulling image", "pod-1"));
            o.sinceAdmitted = Duration.ofSeconds(30);
            Decision d = o.decide();
            assertThat(d).isEqualTo(new Decision(RunPhase.PENDING, RunAction.WAIT, "ImagePullBackOff", "Back-off pulling image"));
        }

        @Test
        void startTimeoutFailsWithThePodsReasonAndDeletesTheJob() {
            Obs o = new Obs().phase(RunPhase.PENDING).claimed().jobCreated().row(RunStatus.STARTED)
                    .workload(WorkloadState.starting("ImagePullBackOff", "Back-off pulling image", "pod-1"));
            o.sinceAdmitted = Duration.ofSeconds(61);
            Decision d = o.decide();
            assertThat(d.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(d.action()).isEqualTo(RunAction.DELETE_JOB_AND_SYNC);
            assertThat(d.reason()).isEqualTo("ImagePullBackOff");
            assertThat(d.message()).contains("60 s").contains("Back-off pulling image");
        }

        @Test
        void startTimeoutWithoutASpecificReasonSaysStartTimeout() {
            Obs o = new Obs().phase(RunPhase.PENDING).claimed().jobCreated().row(RunStatus.STARTED)
                    .workload(WorkloadState.starting(null, null, null));
            o.sinceAdmitted = Duration.ofSeconds(61);
            assertThat(o.decide().reason()).isEqualTo("StartTimeout");
        }
    }

    @Nested
    class RunningAndFinishing {
        @Test
        void completedJobSucceeds() {
            Decision d = new Obs().phase(RunPhase.RUNNING).claimed().jobCreated().row(RunStatus.STARTED)
                    .workload(WorkloadState.succeeded("p")).decide();
            assertThat(d.phase()).isEqualTo(RunPhase.SUCCEEDED);
            assertThat(d.action()).isEqualTo(RunAction.SYNC_ROW);
        }

        @Test
        void failedJobFailsWithItsReasonAndTerminationMessage() {
            Decision d = new Obs().phase(RunPhase.RUNNING).claimed().jobCreated().row(RunStatus.STARTED)
                    .workload(WorkloadState.failed("OOMKilled", "source: out of memory", "p")).decide();
            assertThat(d).isEqualTo(new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, "OOMKilled", "source: out of memory"));
        }

        @Test
        void stopSignalWhileRunningStopsAndDeletesTheJob() {
            Decision d = new Obs().phase(RunPhase.RUNNING).claimed().jobCreated().row(RunStatus.SEND_STOP_SIGNAL)
                    .workload(WorkloadState.running("p")).stop("SEND_STOP_SIGNAL").decide();
            assertThat(d.phase()).isEqualTo(RunPhase.STOPPED);
            assertThat(d.action()).isEqualTo(RunAction.DELETE_JOB_AND_SYNC);
        }

        @Test
        void jobThatAlreadyFinishedWinsOverALateStopRequest() {
            Decision d = new Obs().phase(RunPhase.RUNNING).claimed().jobCreated().row(RunStatus.SEND_STOP_SIGNAL)
                    .workload(WorkloadState.succeeded("p")).stop("SEND_STOP_SIGNAL").decide();
            assertThat(d.phase()).isEqualTo(RunPhase.SUCCEEDED);
        }

        @Test
        void runningPastTheDeadlinePlusGraceFails() {
            Obs o = new Obs().phase(RunPhase.RUNNING).claimed().jobCreated().row(RunStatus.STARTED).workload(WorkloadState.running("p"));
            o.sinceRunning = Duration.ofSeconds(600).plus(RunLimits.DEADLINE_GRACE).plusSeconds(1);
            Decision d = o.decide();
            assertThat(d.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(d.reason()).isEqualTo("DeadlineExceeded");
            o.sinceRunning = Duration.ofSeconds(600);
            assertThat(o.decide().phase()).isEqualTo(RunPhase.RUNNING);
        }

        @Test
        void runningJobDeletedUnderUsFails() {
            Decision d = new Obs().phase(RunPhase.RUNNING).claimed().jobCreated().row(RunStatus.STARTED).decide();
            assertThat(d.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(d.reason()).isEqualTo("JobDeleted");
        }
    }

    @Nested
    class Terminal {
        @ParameterizedTest
        @EnumSource(value = RunPhase.class, names = {"SUCCEEDED", "FAILED", "STOPPED", "SKIPPED"})
        void unsyncedTerminalRunSyncsTheRowEvenIfTheJobChanges(RunPhase phase) {
            Decision d = new Obs().phase(phase).claimed().workload(WorkloadState.running("p")).stop("x").decide();
            assertThat(d).isEqualTo(Decision.stay(phase, RunAction.SYNC_ROW));
        }

        @Test
        void syncedRunIsDeletedOnlyAfterItsTtl() {
            Obs o = new Obs().phase(RunPhase.SUCCEEDED).synced();
            o.sinceFinished = Duration.ofSeconds(3599);
            assertThat(o.decide().action()).isEqualTo(RunAction.WAIT);
            o.sinceFinished = Duration.ofSeconds(3601);
            assertThat(o.decide().action()).isEqualTo(RunAction.DELETE_RUN);
        }

        @Test
        void unsyncedRunIsNeverDeletedEvenPastItsTtl() {
            Obs o = new Obs().phase(RunPhase.FAILED);
            o.sinceFinished = Duration.ofDays(30);
            assertThat(o.decide().action()).isEqualTo(RunAction.SYNC_ROW);
        }
    }

    @Nested
    class AfterClaim {
        private final RunRow row = new RunRow(7, 3, RunStatus.STARTED, "MANUAL", OffsetDateTime.now(), null, "", OffsetDateTime.now(),
                OffsetDateTime.now());

        @Test
        void claimedGoesOnToCreateTheJob() {
            assertThat(PhaseTransitions.afterClaim(new ClaimOutcome.Claimed(row)))
                    .extracting(Decision::phase, Decision::action).containsExactly(RunPhase.PENDING, RunAction.CREATE_JOB);
        }

        @Test
        void notFoundIsSkipped() {
            assertThat(PhaseTransitions.afterClaim(new ClaimOutcome.NotFound()).phase()).isEqualTo(RunPhase.SKIPPED);
        }

        @Test
        void stopSignalAtClaimTimeIsStopped() {
            assertThat(PhaseTransitions.afterClaim(new ClaimOutcome.NotClaimable(RunStatus.SEND_STOP_SIGNAL)))
                    .extracting(Decision::phase, Decision::action).containsExactly(RunPhase.STOPPED, RunAction.SYNC_ROW);
        }

        @Test
        void takenByAnotherWorkerIsSkipped() {
            assertThat(PhaseTransitions.afterClaim(new ClaimOutcome.NotClaimable(RunStatus.STARTED)).phase()).isEqualTo(RunPhase.SKIPPED);
            assertThat(PhaseTransitions.afterClaim(new ClaimOutcome.NotClaimable(RunStatus.FINISHED)).phase()).isEqualTo(RunPhase.SKIPPED);
        }

        @Test
        void rejectedClaimFailsTheRun() {
            Decision d = PhaseTransitions.afterClaim(new ClaimOutcome.Rejected("log_url is 600 characters, over 512"));
            assertThat(d.phase()).isEqualTo(RunPhase.FAILED);
            assertThat(d.message()).contains("512");
        }
    }

    @Nested
    class BeforeAndAroundTheJob {
        @Test
        void aRunThatCannotRunFailsAndOnlySyncsTheRow() {
            Decision d = PhaseTransitions.cannotRun("source connection 3: connection type 's3' is not supported");
            assertThat(d).extracting(Decision::phase, Decision::action, Decision::reason)
                    .containsExactly(RunPhase.FAILED, RunAction.SYNC_ROW, "CannotRun");
            assertThat(PhaseTransitions.allowed(RunPhase.PENDING, d.phase())).isTrue();
        }

        @Test
        void aRefusedJobIsRetriedUntilTheStartTimeoutThenFails() {
            assertThat(PhaseTransitions.afterJobRejected(Duration.ofSeconds(59), LIMITS, "quota")).isEmpty();
            assertThat(PhaseTransitions.afterJobRejected(Duration.ofSeconds(61), LIMITS, "quota")).hasValueSatisfying(d ->
                    assertThat(d).extracting(Decision::phase, Decision::action, Decision::reason, Decision::message)
                            .containsExactly(RunPhase.FAILED, RunAction.DELETE_JOB_AND_SYNC, "JobRejected", "quota"));
            assertThat(PhaseTransitions.afterJobRejected(null, LIMITS, "quota")).as("no admission time: fail now").isPresent();
        }
    }
}
