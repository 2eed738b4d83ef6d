package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fabric8.kubernetes.api.model.Condition;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.testing.CeleryClient;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import io.syncmaster.worker.testing.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SyncWorkerQueue side with the real RabbitMQ: consumer lifecycle, invalid messages, broker outages and the
 * real Celery client.
 */
class QueueIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private OperatorHarness h;
    private TcpProxy proxy;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private SyncWorkerQueue queueResource(String name) {
        return h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName(name).get();
    }

    private Optional<Condition> queueCondition(String name, String type) {
        SyncWorkerQueue q = queueResource(name);
        return q == null || q.getStatus() == null ? Optional.empty()
                : q.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private void awaitCondition(String queue, String type, String status) {
        await().atMost(TIMEOUT).until(() -> queueCondition(queue, type).map(c -> status.equals(c.getStatus())).orElse(false));
    }

    private void awaitFinished(long runId) {
        await().atMost(TIMEOUT).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == RunPhase.SUCCEEDED
                    && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FINISHED);
    }

    private long messagesIn(String queue) throws Exception {
        try (Connection c = h.brokerFactory().newConnection(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    @Test
    void queueStatusReportsTheConsumerAndTheRunCounts() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = h.uniqueSlug("reporting");
        h.createQueue("reporting", slug, 3, null);
        awaitCondition("reporting", "Ready", "True");
        awaitCondition("reporting", "BrokerConnected", "True");
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitFinished(runId);
        await().atMost(TIMEOUT).until(() -> {
            SyncWorkerQueue q = queueResource("reporting");
            return q.getStatus().getRuns() != null && q.getStatus().getRuns().getSucceeded() == 1;
        });
        SyncWorkerQueue q = queueResource("reporting");
        assertThat(q.getStatus().getLastMessageTime()).isNotNull();
        assertThat(q.getStatus().getObservedGeneration()).isEqualTo(q.getMetadata().getGeneration());
    }

    @Test
    void everyInvalidMessageIsParkedUnchangedAndTheQueueKeepsWorking() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = h.uniqueSlug("invalid");
        h.createQueue("invalid", slug, null, null);
        awaitCondition("invalid", "BrokerConnected", "True");

        List<byte[]> bodies = new ArrayList<>();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("task", "run_transfer_task");
        headers.put("id", "bad-1");
        String[] invalidBodies = {
            "not json at all",
            "{\"run_id\": 5}",
            "[[], {}]",
            "[[], {\"run_id\": \"5\"}, {}]",
            "[[], {\"run_id\": 1.5}, {}]",
            "[[], {}, {}]",
        };
        for (String body : invalidBodies) {
            bodies.add(body.getBytes(StandardCharsets.UTF_8));
            h.publisher().publishRaw(slug, headers, "application/json", body.getBytes(StandardCharsets.UTF_8), "bad-1");
        }
        Map<String, Object> unknownTask = new LinkedHashMap<>(headers);
        unknownTask.put("task", "some_other_task");
        h.publisher().publishRaw(slug, unknownTask, "application/json", "[[], {\"run_id\": 5}, {}]".getBytes(StandardCharsets.UTF_8), "bad-2");
        h.publisher().publishRaw(slug, headers, "application/x-python-serialize", new byte[] {(byte) 0x80, 0x04, 0x4b, 0x05, 0x2e}, "bad-3");
        int invalidCount = invalidBodies.length + 2;

        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitFinished(runId);

        await().atMost(TIMEOUT).until(() -> messagesIn(slug + ".invalid") == invalidCount);
        try (Connection c = h.brokerFactory().newConnection(); Channel ch = c.createChannel()) {
            var first = ch.basicGet(slug + ".invalid", true);
            assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
            assertThat(first.getProps().getHeaders()).containsKey("task");
            assertThat(first.getProps().getCorrelationId()).isEqualTo("bad-1");
        }
        assertThat(messagesIn(slug)).isZero();
        await().atMost(TIMEOUT).until(() -> h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems()
                .stream().filter(e -> "invalid".equals(e.getRegarding().getName()) && "InvalidMessage".equals(e.getReason())).count()
                == invalidCount);
        assertThat(h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems()).hasSize(1);
    }

    @Test
    void brokerOutageMidStreamLosesNothingAndRunsNothingTwice() throws Exception {
        proxy = new TcpProxy("127.0.0.1", 5672);
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(50),
                Map.of("SYNCMASTER__BROKER__URL", "amqp://guest:guest@127.0.0.1:" + proxy.port() + "//"));
        String slug = h.uniqueSlug("outage");
        h.createQueue("outage", slug, null, null);
        awaitCondition("outage", "BrokerConnected", "True");

        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long runId = h.newRun();
            runs.add(runId);
            h.publisher().sendRun(slug, runId, null);
            if (i == 9) {
                proxy.stopListening();
                proxy.severAll();
                awaitCondition("outage", "BrokerConnected", "False");
            }
        }
        Thread.sleep(1500);
        proxy.startListening();
        awaitCondition("outage", "BrokerConnected", "True");
        for (long runId : runs) {
            awaitFinished(runId);
        }
        assertThat(h.jobController().jobsSeen()).hasSize(runs.size()).doesNotHaveDuplicates();
        assertThat(messagesIn(slug)).isZero();
        assertThat(h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems())
                .anyMatch(e -> "BrokerDisconnected".equals(e.getReason()));
    }

    @Test
    void realCeleryClientRunsEndToEnd() throws Exception {
        assumeThat(CeleryClient.available()).as("/usr/bin/python3 can import celery").isTrue();
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = h.uniqueSlug("celery");
        h.createQueue("celery", slug, null, null);
        long manual = h.newRun();
        long scheduled = h.newRun();
        var sent = CeleryClient.sendRunTransferTasks(OperatorHarness.BROKER_URL, slug, List.of(
                new CeleryClient.Request(manual, "01938f0ea7e87c3cb5f5f2a8d2c7b6aa"),
                new CeleryClient.Request(scheduled, null)));
        awaitFinished(manual);
        awaitFinished(scheduled);
        assertThat(h.row(manual).logUrl()).contains("correlation_id=01938f0ea7e87c3cb5f5f2a8d2c7b6aa&run_id=" + manual);
        assertThat(h.row(scheduled).logUrl()).matches(".*correlation_id=[0-9a-f]{32}&run_id=" + scheduled + ".*");
        assertThat(h.transferRun(manual).getSpec().getTaskId()).isEqualTo(sent.get(0).taskId());
    }

    @Test
    void suspendStopsConsumingAndResumeCatchesUp() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(50));
        String slug = h.uniqueSlug("suspend");
        h.createQueue("suspend", slug, null, null);
        awaitCondition("suspend", "BrokerConnected", "True");
        h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("suspend")
                .edit(q -> {
                    q.getSpec().setSuspend(true);
                    return q;
                });
        await().atMost(TIMEOUT).until(() -> queueCondition("suspend", "Ready").map(c -> "Suspended".equals(c.getReason())).orElse(false));
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        Thread.sleep(1500);
        assertThat(h.transferRun(runId)).isNull();
        assertThat(messagesIn(slug)).isEqualTo(1);

        h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("suspend")
                .edit(q -> {
                    q.getSpec().setSuspend(false);
                    return q;
                });
        awaitFinished(runId);
    }

    @Test
    void deletingTheQueueClosesItsConsumerAndLeavesMessagesInRabbitmq() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(50));
        String slug = h.uniqueSlug("gone");
        h.createQueue("gone", slug, null, null);
        awaitCondition("gone", "BrokerConnected", "True");
        h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("gone").delete();
        await().atMost(TIMEOUT).until(() -> queueResource("gone") == null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        Thread.sleep(1500);
        assertThat(h.transferRun(runId)).isNull();
        assertThat(messagesIn(slug)).isEqualTo(1);
    }
}
