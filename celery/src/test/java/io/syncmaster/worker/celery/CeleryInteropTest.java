package io.syncmaster.worker.celery;

import io.syncmaster.worker.testing.CeleryClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Interoperability with the real Celery client publishing exactly as the SyncMaster server does: the consumer decodes
 * its messages, and our topology declaration and Celery's coexist whichever comes first.
 */
class CeleryInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestBroker broker;
    private String slug;
    private final RecordingListener listener = new RecordingListener();
    private CeleryQueueConsumer consumer;

    @BeforeAll
    static void requireCelery() {
        assumeThat(CeleryClient.available()).as("/usr/bin/python3 can import celery").isTrue();
    }

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.connect();
        slug = broker.newSlug("celery");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (consumer != null) {
                consumer.close(Duration.ofMillis(200));
            }
        } finally {
            broker.close();
        }
    }

    private void startConsumer() {
        consumer = new CeleryQueueConsumer(TestBroker.factory(TestBroker.PORT), slug, 4, delivery -> { }, listener,
                CeleryQueueConsumerTest.FAST);
        consumer.start();
        await().atMost(WAIT).until(consumer::isConnected);
    }

    private Map<Long, RunDelivery> deliveredByRunId() {
        return listener.delivered.stream().collect(Collectors.toMap(d -> d.task().runId(), Function.identity()));
    }

    @Test
    void weDeclareFirstThenTheServerPublishesWithAndWithoutCorrelationId() throws Exception {
        startConsumer();

        List<CeleryClient.SentTask> sent = CeleryClient.sendRunTransferTasks(TestBroker.KOMBU_URL, slug, List.of(
                new CeleryClient.Request(101, "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f"),
                new CeleryClient.Request(102, null)));

        await().atMost(WAIT).until(() -> listener.delivered.size() == 2);
        Map<Long, RunDelivery> delivered = deliveredByRunId();
        assertThat(delivered.get(101L).task()).isEqualTo(new CeleryTask(sent.get(0).taskId(), "run_transfer_task", 101,
                "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", 2));
        assertThat(delivered.get(102L).task()).isEqualTo(new CeleryTask(sent.get(1).taskId(), "run_transfer_task", 102,
                null, 2));
        assertThat(delivered.values()).allSatisfy(d -> {
            assertThat(d.slug()).isEqualTo(slug);
            assertThat(d.redelivered()).isFalse();
        });
        assertThat(listener.invalid).isEmpty();
        assertThat(listener.disconnectReasons).as("no PRECONDITION_FAILED or other channel error").isEmpty();
        assertThat(broker.readyCount(slug)).isZero();
    }

    @Test
    void theServerPublishesFirstThenWeDeclareAndConsume() throws Exception {
        List<CeleryClient.SentTask> sent = CeleryClient.sendRunTransferTasks(TestBroker.KOMBU_URL, slug, List.of(
                new CeleryClient.Request(201, "client-request-id"),
                new CeleryClient.Request(202, null)));
        assertThat(broker.readyCount(slug)).isEqualTo(2);

        // the raw message: task id = AMQP correlation_id = `id` header, protocol 2 body of contract §2.5.5
        try (Channel channel = broker.channel()) {
            GetResponse raw = channel.basicGet(slug, false);
            AMQP.BasicProperties props = raw.getProps();
            assertThat(props.getContentType()).isEqualTo("application/json");
            assertThat(props.getContentEncoding()).isEqualTo("utf-8");
            assertThat(props.getDeliveryMode()).isEqualTo(2);
            assertThat(props.getCorrelationId()).isEqualTo(sent.get(0).taskId());
            assertThat(props.getHeaders().get("id")).isInstanceOf(LongString.class).hasToString(sent.get(0).taskId());
            assertThat(props.getHeaders().get("task")).hasToString("run_transfer_task");
            assertThat(props.getHeaders().get("CORRELATION_ID")).hasToString("client-request-id");
            assertThat(new ObjectMapper().readTree(raw.getBody())).isEqualTo(new ObjectMapper().readTree(
                    "[[], {\"run_id\": 201}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]"));
            assertThat(new CeleryMessageDecoder().decode(props, raw.getBody())).isEqualTo(new DecodeResult.Valid(
                    new CeleryTask(sent.get(0).taskId(), "run_transfer_task", 201, "client-request-id", 2)));
            channel.basicNack(raw.getEnvelope().getDeliveryTag(), false, true);
        }

        startConsumer(); // redeclares what Celery declared: must be equivalent

        await().atMost(WAIT).until(() -> listener.delivered.size() == 2);
        Map<Long, RunDelivery> delivered = deliveredByRunId();
        assertThat(delivered.get(201L).task().taskId()).isEqualTo(sent.get(0).taskId());
        assertThat(delivered.get(201L).task().correlationIdHeader()).isEqualTo("client-request-id");
        assertThat(delivered.get(202L).task().taskId()).isEqualTo(sent.get(1).taskId());
        assertThat(delivered.get(202L).task().correlationIdHeader()).isNull();

        // and Celery redeclares after us (a new client process declares on first use)
        List<CeleryClient.SentTask> more = CeleryClient.sendRunTransferTasks(TestBroker.KOMBU_URL, slug,
                List.of(new CeleryClient.Request(203, null)));
        await().atMost(WAIT).until(() -> listener.delivered.size() == 3);
        assertThat(deliveredByRunId().get(203L).task().taskId()).isEqualTo(more.get(0).taskId());
        assertThat(listener.disconnectReasons).isEmpty();
        assertThat(listener.invalid).isEmpty();
    }
}
