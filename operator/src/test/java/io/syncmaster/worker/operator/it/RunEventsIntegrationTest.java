package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.KubectlDescribe;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl describe transferrun} shows after a success, a failure, a stop and a start timeout, against
 * the strict test API server: every Event the operator records is one kube-apiserver accepts (the harness fails the
 * test on any refused write), and the conditions say what happened without room for misreading.
 */
class RunEventsIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private OperatorHarness h;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private TransferRun awaitFinished(long runId, RunPhase phase) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == phase
                    && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });
        return h.transferRun(runId);
    }

    private List<Event> events(TransferRun run) {
        return KubectlDescribe.events(h.client(), run);
    }

    private static List<String> typeAndReason(List<Event> events) {
        return events.stream().map(e -> e.getType() + "/" + e.getReason()).toList();
    }

    @Test
    void successFailureStopAndStartTimeoutEachLeaveTheEventsAndConditionsKubectlShows() throws Exception {
        Map<Long, PodBehavior> behaviors = new ConcurrentHashMap<>();
        h = OperatorHarness.start(job -> {
            String image = job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            if (image.contains("does-not-exist")) {
                return PodBehavior.imagePullBackOff();
            }
            long runId = Long.parseLong(job.getMetadata().getName().substring("syncmaster-run-".length()));
            return behaviors.getOrDefault(runId, PodBehavior.runForever());
        }, // the unpullable image must pass the run policy: this run reaches its start timeout, not the pre-claim refusal
                Map.of("SYNCMASTER__OPERATOR__RUN_POLICY__IMAGES", "[\"syncmaster-worker/job-runner:*\", \"registry.example/*\"]"));
        String etl = h.uniqueSlug("etl");
        h.createQueue("etl", etl, null, null);
        RunTemplate unpullable = new RunTemplate();
        unpullable.setImage("registry.example/does-not-exist:0");
        unpullable.setStartTimeoutSeconds(5L); // long enough for the pod's ImagePullBackOff to be seen on a busy machine
        String broken = h.uniqueSlug("broken");
        h.createQueue("broken", broken, null, unpullable);

        long succeeded = h.newRun();
        long failed = h.newRun();
        long stopped = h.newRun();
        long timedOut = h.newRun();
        behaviors.put(succeeded, PodBehavior.succeedAfter(1500));
        behaviors.put(failed, PodBehavior.failAfter(1500, "TransferFailed (source): relation \"public.missing\" does not exist"));
        h.publisher().sendRun(etl, succeeded, null);
        h.publisher().sendRun(etl, failed, null);
        h.publisher().sendRun(etl, stopped, null);
        h.publisher().sendRun(broken, timedOut, null);

        await().atMost(TIMEOUT).until(() -> {
            TransferRun r = h.transferRun(stopped);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == RunPhase.RUNNING;
        });
        h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).withName(TransferRun.nameFor(stopped))
                .edit(r -> {
                    r.getSpec().setStop(true);
                    return r;
                });

        TransferRun ok = awaitFinished(succeeded, RunPhase.SUCCEEDED);
        TransferRun bad = awaitFinished(failed, RunPhase.FAILED);
        TransferRun stop = awaitFinished(stopped, RunPhase.STOPPED);
        TransferRun late = awaitFinished(timedOut, RunPhase.FAILED);

        assertThat(typeAndReason(events(ok))).containsExactly(
                "Normal/Admitted", "Normal/Claimed", "Normal/JobCreated", "Normal/Running", "Normal/Succeeded", "Normal/DbSynced");
        assertThat(typeAndReason(events(bad))).containsExactly(
                "Normal/Admitted", "Normal/Claimed", "Normal/JobCreated", "Normal/Running", "Warning/Failed", "Normal/DbSynced");
        assertThat(typeAndReason(events(stop))).containsExactly(
                "Normal/Admitted", "Normal/Claimed", "Normal/JobCreated", "Normal/Running", "Normal/Stopped", "Normal/DbSynced");
        assertThat(typeAndReason(events(late))).containsExactly(
                "Normal/Admitted", "Normal/Claimed", "Normal/JobCreated", "Warning/Failed", "Normal/DbSynced");

        for (TransferRun run : List.of(ok, bad, stop, late)) {
            for (Event e : events(run)) {
                assertThat(e.getRegarding().getApiVersion()).isEqualTo("syncmaster.io/v1alpha1");
                assertThat(e.getRegarding().getKind()).isEqualTo("TransferRun");
                assertThat(e.getRegarding().getName()).isEqualTo(run.getMetadata().getName());
                assertThat(e.getRegarding().getNamespace()).isEqualTo(OperatorHarness.NAMESPACE);
                assertThat(e.getReportingController()).isEqualTo(EventPublisher.CONTROLLER);
                assertThat(e.getReportingInstance()).isEqualTo("syncmaster-operator-operator-0");
                assertThat(e.getEventTime().getTime()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
                assertThat(e.getNote()).as("note of %s", e.getReason()).matches("[A-Z].*\\.");
            }
        }
        long runOk = succeeded;
        assertThat(notes(ok)).containsExactly(
                "The run holds a slot of queue etl, which has no concurrency limit.",
                "Run " + runOk + " is claimed: its row went CREATED → STARTED.",
                "Created Job syncmaster-run-" + runOk + ".",
                "Pod " + ok.getStatus().getPodName() + " runs the job-runner.",
                "The run succeeded: the job-runner finished successfully.",
                "The run row is FINISHED.");
        assertThat(note(bad, "Failed")).isEqualTo("The run failed (Error): TransferFailed (source): relation \"public.missing\" does not exist.");
        assertThat(note(bad, "DbSynced")).isEqualTo("The run row is FAILED.");
        assertThat(note(stop, "Stopped")).startsWith("The run was stopped: ").contains("spec.stop");
        assertThat(note(stop, "DbSynced")).isEqualTo("The run row is STOPPED.");
        assertThat(note(late, "Failed")).startsWith("The run failed (ImagePullBackOff): the pod did not start running within 5 s")
                .contains("does-not-exist");

        // Success and failure are different conditions: a failed run has no Complete condition at all.
        assertTerminal(ok, TransferRunStatus.COMPLETE, "JobSucceeded");
        assertTerminal(bad, TransferRunStatus.FAILED, "Error");
        assertTerminal(stop, TransferRunStatus.STOPPED, "StopRequested");
        assertTerminal(late, TransferRunStatus.FAILED, "ImagePullBackOff");
        assertThat(stop.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(stop.getStatus().condition(TransferRunStatus.STOPPED).orElseThrow().getObservedGeneration()).isEqualTo(2L);
        assertThat(stop.getStatus().condition(TransferRunStatus.ADMITTED).orElseThrow().getObservedGeneration()).isEqualTo(1L);

        String described = KubectlDescribe.transferRun(h.client(), bad);
        assertThat(described)
                .containsPattern("  Failed +True +Error +The run failed \\(Error\\): TransferFailed \\(source\\)")
                .containsPattern("  DbSynced +True +Synced +The run row is FAILED\\.")
                .containsPattern("  Warning +Failed +syncmaster\\.io/operator, syncmaster-operator-operator-0 +The run failed \\(Error\\)")
                .doesNotContain("  Complete ");
        assertThat(KubectlDescribe.transferRun(h.client(), ok)).containsPattern("  Complete +True +JobSucceeded +The run succeeded");
        assertThat(h.kubernetes().rejections()).isEmpty();
    }

    private List<String> notes(TransferRun run) {
        return events(run).stream().map(Event::getNote).toList();
    }

    private String note(TransferRun run, String reason) {
        return events(run).stream().filter(e -> reason.equals(e.getReason())).map(Event::getNote).findFirst().orElseThrow();
    }

    private static void assertTerminal(TransferRun run, String type, String reason) {
        List<String> terminal = List.of(TransferRunStatus.COMPLETE, TransferRunStatus.FAILED, TransferRunStatus.STOPPED, TransferRunStatus.SKIPPED);
        assertThat(run.getStatus().getConditions().stream().map(Condition::getType).filter(terminal::contains).toList())
                .containsExactly(type);
        Condition c = run.getStatus().condition(type).orElseThrow();
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo(reason);
        assertThat(c.getMessage()).matches("[A-Z].*\\.");
        for (Condition any : run.getStatus().getConditions()) {
            assertThat(any.getLastTransitionTime()).as("lastTransitionTime of %s", any.getType()).matches(TIME);
            assertThat(any.getReason()).matches("[A-Z][A-Za-z0-9]*");
            assertThat(any.getMessage()).as("message of %s", any.getType()).matches("[A-Z].*\\.");
        }
    }
}
