package io.syncmaster.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.db.RunStatus;
import org.junit.jupiter.api.Test;

/** The outcome rule of both workers: a child's exit, or a Job's end. */
class RunOutcomeTest {

    @Test
    void successWinsAStopCarriedOutExplainsAFailureOtherwiseFailed() {
        assertThat(RunOutcome.decide(true, "stopped", "boom").status()).isEqualTo(RunStatus.FINISHED);
        assertThat(RunOutcome.decide(false, "stopped", "boom")).isEqualTo(new RunOutcome(RunStatus.STOPPED, "stopped"));
        assertThat(RunOutcome.decide(false, null, "boom")).isEqualTo(new RunOutcome(RunStatus.FAILED, "boom"));
    }

    @Test
    void exitZeroIsFinishedEvenIfAStopCameTooLate() {
        assertThat(RunOutcome.decide(0, null, null).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(RunOutcome.decide(0, "stop requested", null).status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void aStoppedChildIsStoppedWithTheStopReason() {
        RunOutcome outcome = RunOutcome.decide(143, "SyncMaster requested a stop", "killed");
        assertThat(outcome.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(outcome.detail()).isEqualTo("SyncMaster requested a stop");
    }

    @Test
    void aFailureCarriesTheTerminationMessageOrTheExitCode() {
        assertThat(RunOutcome.decide(1, null, "  source side: table missing\n"))
                .isEqualTo(new RunOutcome(RunStatus.FAILED, "source side: table missing"));
        assertThat(RunOutcome.decide(137, null, "").detail())
                .isEqualTo("the job-runner exited with code 137 (killed by signal 9)");
        assertThat(RunOutcome.decide(2, null, null).detail()).isEqualTo("the job-runner exited with code 2");
        assertThat(RunOutcome.decide(1, null, "x".repeat(10_000)).detail()).hasSize(RunOutcome.MAX_DETAIL + 3);
    }
}
