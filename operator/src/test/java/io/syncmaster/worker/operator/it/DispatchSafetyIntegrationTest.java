package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.syncmaster.worker.celery.testing.CeleryMessages;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A valid run message that can never become a TransferRun as delivered is parked with its reason, never requeued in
 * a loop and never silently acked: the API server refusing the TransferRun (422), and a run id reused by another
 * task after its first TransferRun finished (SyncMaster's database restored from a backup).
 */
class DispatchSafetyIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private OperatorHarness h;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private long messagesIn(String queue) throws Exception {
        try (Connection c = h.brokerFactory().newConnection(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private List<String> invalidMessageEvents(String queueName) {
        return h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                .filter(e -> queueName.equals(e.getRegarding().getName()) && "InvalidMessage".equals(e.getReason()))
                .map(e -> e.getNote()).toList();
    }

    @Test
    void aTransferRunTheApiServerRefusesIsParkedWithTheReasonNotRequeuedForever() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        h.kubernetes().reject(r -> r.fromOperatorClient() && r.method().equals("POST") && r.path().contains("/transferruns"),
                422, "TransferRun.syncmaster.io run-1 is invalid: spec.slug: Too long: may not be longer than 128");
        String slug = h.uniqueSlug("refused");
        h.createQueue("refused", slug, null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);

        await().atMost(TIMEOUT).until(() -> messagesIn(slug + ".invalid") == 1);
        assertThat(messagesIn(slug)).isZero();
        await().atMost(TIMEOUT).until(() -> !invalidMessageEvents("refused").isEmpty());
        assertThat(invalidMessageEvents("refused")).singleElement().satisfies(note ->
                assertThat(note).contains("run " + runId, "HTTP 422", "Too long"));
        assertThat(h.transferRun(runId)).isNull();
        assertThat(h.row(runId).status()).as("the row waits for a human, untouched").isEqualTo(RunStatus.CREATED);
    }

    @Test
    void aRunIdReusedByAnotherTaskAfterItsTransferRunFinishedIsParkedNotLost() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = h.uniqueSlug("reused");
        h.createQueue("reused", slug, null, null);
        long runId = h.newRun();
        String firstTask = h.publisher().sendRun(slug, runId, null);
        await().atMost(TIMEOUT).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == RunPhase.SUCCEEDED
                    && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });

        // The same message redelivered is a harmless duplicate: acked, nothing parked.
        h.publisher().publishRaw(slug, CeleryMessages.protocol2Headers(firstTask, runId, null), "application/json",
                CeleryMessages.protocol2Body(runId), firstTask);
        // The database was restored: run id N is CREATED again and published by another task.
        h.sql("UPDATE run SET status = 'CREATED', started_at = NULL, ended_at = NULL WHERE id = ?", runId);
        h.publisher().sendRun(slug, runId, null);

        await().atMost(TIMEOUT).until(() -> messagesIn(slug + ".invalid") == 1);
        assertThat(messagesIn(slug)).isZero();
        await().atMost(TIMEOUT).until(() -> !invalidMessageEvents("reused").isEmpty());
        assertThat(invalidMessageEvents("reused")).singleElement().satisfies(note ->
                assertThat(note).contains("already exists for another task (" + firstTask + ")", "reused"));
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.CREATED);
    }
}
