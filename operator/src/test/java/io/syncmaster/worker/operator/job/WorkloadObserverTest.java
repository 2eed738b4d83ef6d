package io.syncmaster.worker.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.syncmaster.worker.operator.run.WorkloadState;
import io.syncmaster.worker.operator.run.WorkloadState.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadObserverTest {
    private static Job job() {
        return new JobBuilder().withNewMetadata().withName("syncmaster-run-1").endMetadata().withNewStatus().withActive(1).endStatus().build();
    }

    private static Job jobWithCondition(String type, String reason, String message) {
        return new JobBuilder(job()).editStatus().addNewCondition().withType(type).withStatus("True").withReason(reason)
                .withMessage(message).endCondition().endStatus().build();
    }

    private static PodBuilder pod(String phase) {
        return new PodBuilder().withNewMetadata().withName("syncmaster-run-1-abc").withCreationTimestamp("2026-01-01T00:00:00Z")
                .endMetadata().withNewStatus().withPhase(phase).endStatus();
    }

    private static Pod terminated(String phase, int exitCode, String reason, String message) {
        return pod(phase).editStatus().addNewContainerStatus().withName(JobNames.CONTAINER).withNewState().withNewTerminated()
                .withExitCode(exitCode).withReason(reason).withMessage(message).endTerminated().endState().endContainerStatus().endStatus().build();
    }

    @Test
    void noJobIsAbsent() {
        assertThat(WorkloadObserver.observe(null, List.of()).kind()).isEqualTo(Kind.ABSENT);
    }

    @Test
    void jobWithoutPodIsStarting() {
        assertThat(WorkloadObserver.observe(job(), List.of())).isEqualTo(WorkloadState.starting(null, null, null));
    }

    @Test
    void imagePullErrorIsReportedWithTheKubeletMessage() {
        Pod p = pod("Pending").editStatus().addNewContainerStatus().withName(JobNames.CONTAINER).withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").withMessage("Back-off pulling image \"nope:1\"").endWaiting().endState()
                .endContainerStatus().endStatus().build();
        WorkloadState s = WorkloadObserver.observe(job(), List.of(p));
        assertThat(s).isEqualTo(WorkloadState.starting("ImagePullBackOff", "Back-off pulling image \"nope:1\"", "syncmaster-run-1-abc"));
        assertThat(s.startBlocked()).isTrue();
    }

    @Test
    void unschedulablePodIsReported() {
        Pod p = pod("Pending").editStatus().addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition().endStatus().build();
        assertThat(WorkloadObserver.observe(job(), List.of(p)))
                .extracting(WorkloadState::reason, WorkloadState::message)
                .containsExactly("Unschedulable", "0/3 nodes are available: 3 Insufficient memory.");
    }

    @Test
    void containerCreatingIsNotABlockedStart() {
        Pod p = pod("Pending").editStatus().addNewContainerStatus().withName(JobNames.CONTAINER).withNewState().withNewWaiting()
                .withReason("ContainerCreating").endWaiting().endState().endContainerStatus().endStatus().build();
        assertThat(WorkloadObserver.observe(job(), List.of(p)).startBlocked()).isFalse();
    }

    @Test
    void runningPod() {
        assertThat(WorkloadObserver.observe(job(), List.of(pod("Running").build()))).isEqualTo(WorkloadState.running("syncmaster-run-1-abc"));
    }

    @Test
    void completeJobSucceeds() {
        assertThat(WorkloadObserver.observe(jobWithCondition("Complete", null, null), List.of()).kind()).isEqualTo(Kind.SUCCEEDED);
    }

    @Test
    void failedJobCarriesTheTerminationMessage() {
        WorkloadState s = WorkloadObserver.observe(jobWithCondition("Failed", "BackoffLimitExceeded", "Job has reached the backoff limit"),
                List.of(terminated("Failed", 1, "Error", "source: relation \"public.missing\" does not exist\n")));
        assertThat(s).isEqualTo(WorkloadState.failed("Error", "source: relation \"public.missing\" does not exist",
                "syncmaster-run-1-abc"));
    }

    @Test
    void oomKilledWinsOverTheJobReason() {
        WorkloadState s = WorkloadObserver.observe(jobWithCondition("Failed", "BackoffLimitExceeded", "limit"),
                List.of(terminated("Failed", 137, "OOMKilled", "")));
        assertThat(s.reason()).isEqualTo("OOMKilled");
        assertThat(s.message()).isEqualTo("limit");
    }

    @Test
    void jobDeadlineWinsOverTheKilledContainersReason() {
        WorkloadState s = WorkloadObserver.observe(jobWithCondition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"),
                List.of(terminated("Failed", 143, "Error", "")));
        assertThat(s.reason()).isEqualTo("DeadlineExceeded");
    }

    @Test
    void deadlineExceededJob() {
        WorkloadState s = WorkloadObserver.observe(jobWithCondition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"),
                List.of());
        assertThat(s).isEqualTo(WorkloadState.failed("DeadlineExceeded", "Job was active longer than specified deadline", null));
    }

    @Test
    void failedPodIsSeenBeforeTheJobControllerMarksTheJob() {
        WorkloadState s = WorkloadObserver.observe(job(), List.of(terminated("Failed", 2, "Error", "")));
        assertThat(s.kind()).isEqualTo(Kind.FAILED);
        assertThat(s.message()).isEqualTo("the job-runner exited with code 2 (Error)");
    }

    @Test
    void longMessagesAreTruncated() {
        String longMessage = "x".repeat(5000);
        WorkloadState s = WorkloadObserver.observe(job(), List.of(terminated("Failed", 1, "Error", longMessage)));
        assertThat(s.message()).hasSize(WorkloadObserver.MAX_MESSAGE);
    }
}
