package io.syncmaster.worker.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.operator.crd.ConditionText;
import io.syncmaster.worker.operator.crd.RunPhase;
import org.junit.jupiter.api.Test;

/** The condition and Event texts: they say what is true now, and success cannot be read as failure. */
class RunMessagesTest {
    @Test
    void aFullQueueAndSlotsKeptForOlderRunsReadDifferently() {
        assertThat(TransferRunReconciler.waitingMessage("etl", new QueueAdmission.Waiting(2, 2, 1)))
                .isEqualTo("All 2 slots of queue etl are taken by pending or running runs; 1 older run waits ahead of this one");
        assertThat(TransferRunReconciler.waitingMessage("etl", new QueueAdmission.Waiting(2, 2, 0)))
                .endsWith("; this run is next");
        // The message of the issue: one slot free, one older run takes it first.
        assertThat(TransferRunReconciler.waitingMessage("etl", new QueueAdmission.Waiting(1, 2, 1)))
                .isEqualTo("1 of 2 slots of queue etl is free and goes to 1 older queued run first");
        assertThat(TransferRunReconciler.waitingMessage("etl", new QueueAdmission.Waiting(0, 3, 3)))
                .isEqualTo("3 of 3 slots of queue etl are free and go to 3 older queued runs first");
    }

    @Test
    void outcomesNameWhatHappened() {
        assertThat(TransferRunReconciler.outcomeMessage(RunPhase.SUCCEEDED,
                new Decision(RunPhase.SUCCEEDED, RunAction.SYNC_ROW, "JobSucceeded", "the job-runner finished successfully")))
                .isEqualTo("The run succeeded: the job-runner finished successfully.");
        assertThat(TransferRunReconciler.outcomeMessage(RunPhase.FAILED, new Decision(RunPhase.FAILED, RunAction.SYNC_ROW, "OOMKilled", null)))
                .isEqualTo("The run failed (OOMKilled).");
    }

    @Test
    void conditionTextIsCamelCaseReasonsAndSentences() {
        assertThat(ConditionText.reason("ImagePullBackOff")).isEqualTo("ImagePullBackOff");
        assertThat(ConditionText.reason("Out of memory")).isEqualTo("Outofmemory");
        assertThat(ConditionText.reason("42")).isEqualTo("Unknown");
        assertThat(ConditionText.sentence("the run row is STARTED")).isEqualTo("The run row is STARTED.");
        assertThat(ConditionText.sentence("Done.")).isEqualTo("Done.");
        assertThat(ConditionText.sentence(null)).isNull();
    }
}
