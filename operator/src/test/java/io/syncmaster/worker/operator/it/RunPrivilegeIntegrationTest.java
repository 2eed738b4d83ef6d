package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.runspec.RunSpecCodec;
import io.syncmaster.worker.testing.QueueRef;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TransferSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Least privilege for run pods (design §9) through the real operator: the run's own Secret is its only credential
 * source and lives only while the run does; a run this worker cannot execute fails before its claim; a Job the API
 * server refuses fails the run within its start timeout instead of holding a slot forever.
 */
class RunPrivilegeIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private OperatorHarness h;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private TransferRun awaitTerminal(long runId) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() != null
                    && r.getStatus().getPhase().isTerminal() && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });
        return h.transferRun(runId);
    }

    private Secret runSecret(long runId) {
        return h.client().secrets().inNamespace(OperatorHarness.NAMESPACE).withName("syncmaster-run-" + runId).get();
    }

    private List<String> events(String objectName) {
        return h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                .filter(e -> objectName.equals(e.getRegarding().getName()))
                .map(e -> e.getType() + "/" + e.getReason() + ": " + e.getNote()).toList();
    }

    @Test
    void theRunPodSeesOnlyItsOwnRunSpecAndTheSecretGoesWhenTheRunEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        h = OperatorHarness.start(job -> PodBehavior.succeedWhenReleased(release));
        String slug = h.uniqueSlug("privilege");
        h.createQueue("privilege", slug, null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);

        await().atMost(TIMEOUT).until(() -> {
            TransferRun current = h.transferRun(runId); // read once: the status may change between two reads
            return current != null && current.getStatus() != null && current.getStatus().getPhase() == RunPhase.RUNNING;
        });
        Secret secret = runSecret(runId);
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("TransferRun");
            assertThat(o.getUid()).isEqualTo(h.transferRun(runId).getMetadata().getUid());
        });
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getData()).containsOnlyKeys(RunJobFactory.RUN_SPEC_KEY);
        RunSpec spec = RunSpecCodec.decode(Base64.getDecoder().decode(secret.getData().get(RunJobFactory.RUN_SPEC_KEY)));
        assertThat(spec.runId()).isEqualTo(runId);
        assertThat(spec.context().run().status()).as("built after the claim").isEqualTo(RunStatus.STARTED);
        assertThat(spec.context().source().merged().path("password").asText()).isEqualTo("source-secret");
        assertThat(spec.context().target().merged().path("password").asText()).isEqualTo("target-secret");

        // What the cluster shows about the run (Job, Pod, TransferRun, Events) holds none of the worker's secrets.
        Job job = h.client().batch().v1().jobs().inNamespace(OperatorHarness.NAMESPACE).withName("syncmaster-run-" + runId).get();
        Pod pod = h.client().pods().inNamespace(OperatorHarness.NAMESPACE).withLabel("job-name", "syncmaster-run-" + runId)
                .list().getItems().get(0);
        for (Object rendered : List.of(job, pod, h.transferRun(runId), events(h.transferRun(runId).getMetadata().getName()))) {
            String json = Serialization.asJson(rendered);
            assertThat(json).as("%s", rendered.getClass().getSimpleName())
                    .doesNotContain(h.database().sqlAlchemyUrl(), TestKeys.FERNET_KEY, "source-secret", "target-secret",
                            "SYNCMASTER__DATABASE__URL", "SYNCMASTER__ENCRYPTION__SECRET_KEY");
        }

        release.countDown();
        TransferRun run = awaitTerminal(runId);
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.SUCCEEDED);
        assertThat(runSecret(runId)).as("deleted as soon as the run is terminal, before the TransferRun's TTL").isNull();
        assertThat(h.transferRun(runId)).isNotNull();
    }

    @Test
    void aRunThisWorkerCannotExecuteFailsBeforeTheClaimWithoutAPodOrSecret() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = h.uniqueSlug("unrunnable");
        h.createQueue("unrunnable", slug, null, null);
        long group = h.fixtures().group("unrunnable-" + System.nanoTime(), h.fixtures().user("u-" + System.nanoTime()));
        QueueRef queue = h.fixtures().queue(group, "q");
        long pg = h.fixtures().connection(group, "postgres", "pg", Map.of("host", "127.0.0.1", "additional_params", Map.of()),
                Map.of("type", "basic", "user", "u", "password", "source-secret"));
        long hostile = h.fixtures().connection(group, "mysql", "hostile",
                Map.of("host", "127.0.0.1", "additional_params", Map.of("autoDeserialize", "true")),
                Map.of("type", "basic", "user", "u", "password", "target-secret"));
        long transfer = h.fixtures().transfer(TransferSpec.builder(group, queue.id(), pg, hostile)
                .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                .targetParams(TransferSpec.tableParams("mysql", "db.b")).build());
        long runId = h.fixtures().run(transfer, "MANUAL");
        h.publisher().sendRun(slug, runId, null);

        TransferRun run = awaitTerminal(runId);
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.FAILED);
        assertThat(run.getStatus().getReason()).isEqualTo("CannotRun");
        assertThat(run.getStatus().getMessage()).isEqualTo("target connection " + hostile
                + " data.additional_params: property 'autoDeserialize' is refused: it makes the driver deserialise objects sent by the server");
        RunRow row = h.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.startedAt()).as("never claimed (contract §3.2)").isNull();
        assertThat(row.logUrl()).isNull();
        assertThat(row.endedAt()).isNotNull();
        assertThat(h.jobController().jobsSeen()).isEmpty();
        assertThat(runSecret(runId)).isNull();
        assertThat(events(run.getMetadata().getName())).anySatisfy(e -> assertThat(e).startsWith("Warning/Failed: The run failed (CannotRun):")
                .contains("autoDeserialize"));
    }

    @Test
    void aJobTheApiServerRefusesFailsTheRunWithItsMessageWithinTheStartTimeout() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        AtomicReference<String> refusedPath = new AtomicReference<>();
        h.kubernetes().reject(r -> {
            boolean jobCreate = r.fromOperatorClient() && r.method().equals("POST")
                    && r.path().startsWith("/apis/batch/v1/namespaces/" + OperatorHarness.NAMESPACE + "/jobs");
            if (jobCreate) {
                refusedPath.set(r.path());
            }
            return jobCreate;
        }, 403,
                "jobs.batch is forbidden: exceeded quota: compute-resources, requested: limits.memory=16Gi");
        RunTemplate template = new RunTemplate();
        template.setStartTimeoutSeconds(3L);
        String slug = h.uniqueSlug("quota");
        h.createQueue("quota", slug, 1, template);
        long runId = h.newRun();
        long started = System.nanoTime();
        h.publisher().sendRun(slug, runId, null);

        await().atMost(TIMEOUT).until(() -> h.transferRun(runId) != null && h.transferRun(runId).getStatus() != null
                && "JobRejected".equals(h.transferRun(runId).getStatus().getReason()));
        assertThat(h.transferRun(runId).getStatus().getPhase()).as("retried while the start timeout allows").isEqualTo(RunPhase.PENDING);

        TransferRun run = awaitTerminal(runId);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.FAILED);
        assertThat(run.getStatus().getReason()).isEqualTo("JobRejected");
        assertThat(run.getStatus().getMessage()).contains("HTTP 403", "exceeded quota: compute-resources");
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(runSecret(runId)).as("the run's credentials left with it").isNull();
        assertThat(refusedPath.get()).isNotNull();
        assertThat(events(run.getMetadata().getName())).anySatisfy(e -> assertThat(e).startsWith("Warning/Failed").contains("exceeded quota"));
    }

    @Test
    void aQueueWhoseTemplateAsksForTheOperatorsSecretIsNotReadyAndItsRunsFailBeforeTheClaim() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        RunTemplate template = new RunTemplate();
        template.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewSecretRef().withName("syncmaster-worker").endSecretRef().build()));
        String slug = h.uniqueSlug("greedy");
        h.createQueue("greedy", slug, null, template);
        await().atMost(TIMEOUT).until(() -> {
            SyncWorkerQueue q = h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("greedy").get();
            return q.getStatus() != null && q.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                    && "False".equals(c.getStatus()) && "RunTemplateNotAllowed".equals(c.getReason()));
        });
        await().atMost(TIMEOUT).until(() -> events("greedy").stream().anyMatch(e -> e.startsWith("Warning/")
                && e.contains("runTemplate.envFrom reads Secret 'syncmaster-worker'")));

        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        TransferRun run = awaitTerminal(runId);
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.FAILED);
        assertThat(run.getStatus().getReason()).isEqualTo("CannotRun");
        assertThat(run.getStatus().getMessage()).contains("queue greedy: runTemplate.envFrom reads Secret 'syncmaster-worker'");
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(h.row(runId).startedAt()).isNull();
        assertThat(h.jobController().jobsSeen()).isEmpty();
    }
}
