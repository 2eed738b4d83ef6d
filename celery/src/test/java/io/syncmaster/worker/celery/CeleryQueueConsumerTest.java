package io.syncmaster.worker.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import io.syncmaster.worker.celery.testing.CeleryMessages;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.syncmaster.worker.celery.testing.CeleryMessages.ls;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol1Properties;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Body;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Headers;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Properties;
import static io.syncmaster.worker.celery.testing.CeleryMessages.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The consumer against the machine's real RabbitMQ, each test on its own uniquely named queue. */
class CeleryQueueConsumerTest {

    static final BackoffPolicy FAST = new BackoffPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 2.0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestBroker broker;
    private String slug;
    private final RecordingListener listener = new RecordingListener();
    private final List<CeleryQueueConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.connect();
        slug = broker.newSlug("consumer");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            consumers.forEach(consumer -> consumer.close(Duration.ofMillis(200)));
        } finally {
            broker.close();
        }
    }

    private CeleryQueueConsumer startConsumer(int prefetch, RunDeliveryHandler handler) {
        CeleryQueueConsumer consumer = new CeleryQueueConsumer(TestBroker.factory(TestBroker.PORT), slug, prefetch,
                handler, listener, FAST);
        consumers.add(consumer);
        consumer.start();
        await().atMost(WAIT).until(consumer::isConnected);
        return consumer;
    }

    private void publishRun(long runId) throws Exception {
        String taskId = "task-" + runId;
        broker.publish(slug, protocol2(taskId, runId, null), protocol2Body(runId));
    }

    @Test
    void validMessageIsAckedOnlyAfterTheHandlerReturned() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> handled = new CopyOnWriteArrayList<>();
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> {
            entered.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            handled.add(delivery.task().runId());
        });

        publishRun(1);
        publishRun(2);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        // while the handler blocks, run 1 is unacked: with prefetch 1 the broker keeps run 2 ready
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> broker.readyCount(slug) == 1);
        assertThat(listener.delivered).isEmpty();

        release.countDown();
        await().atMost(WAIT).until(() -> listener.delivered.size() == 2);
        assertThat(handled).containsExactly(1L, 2L);
        assertThat(listener.delivered).extracting(d -> d.task().runId()).containsExactly(1L, 2L);
        assertThat(listener.delivered).allSatisfy(d -> {
            assertThat(d.slug()).isEqualTo(slug);
            assertThat(d.redelivered()).isFalse();
            assertThat(d.receivedAt()).isBefore(Instant.now().plusSeconds(1));
        });

        consumer.close();
        assertThat(broker.readyCount(slug)).as("nothing left unacked and requeued on close").isZero();
    }

    @Test
    void closingWhileTheHandlerBlocksLeavesTheMessageInTheQueue() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
        });
        publishRun(3);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        consumer.close(Duration.ofMillis(200));
        release.countDown();

        await().atMost(WAIT).until(() -> broker.readyCount(slug) == 1);
        assertThat(listener.delivered).isEmpty();
        GetResponse requeued = broker.drain(slug).get(0);
        assertThat(requeued.getEnvelope().isRedeliver()).isTrue();
        assertThat(requeued.getProps().getCorrelationId()).isEqualTo("task-3");
    }

    @Test
    void handlerFailureRequeuesAndBacksOffUntilItSucceeds() throws Exception {
        List<RunDelivery> attempts = new CopyOnWriteArrayList<>();
        List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> {
            attempts.add(delivery);
            attemptNanos.add(System.nanoTime());
            if (attempts.size() <= 3) {
                throw new IllegalStateException("Kubernetes API unavailable");
            }
        });

        publishRun(5);

        await().atMost(WAIT).until(() -> listener.delivered.size() == 1);
        assertThat(attempts).hasSize(4).allSatisfy(d -> assertThat(d.task().runId()).isEqualTo(5));
        assertThat(attempts.get(0).redelivered()).isFalse();
        assertThat(attempts.subList(1, 4)).allSatisfy(d -> assertThat(d.redelivered()).isTrue());
        for (int i = 1; i < attemptNanos.size(); i++) {
            Duration gap = Duration.ofNanos(attemptNanos.get(i) - attemptNanos.get(i - 1));
            assertThat(gap).as("pause after failure %d", i).isGreaterThanOrEqualTo(FAST.baseDelay(i).dividedBy(2));
        }
        assertThat(consumer.isConnected()).isTrue();
        assertThat(listener.disconnectReasons).isEmpty();

        consumer.close();
        assertThat(broker.readyCount(slug)).isZero();
    }

    @Test
    void permanentlyFailingHandlerDoesNotSpin() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        startConsumer(1, delivery -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("down");
        });
        publishRun(6);

        Thread.sleep(1000);

        // 50 ms doubling to a 400 ms cap, jittered down to half: at most ~12 attempts fit in one second
        assertThat(attempts.get()).isBetween(2, 14);
        assertThat(listener.delivered).isEmpty();
    }

    @Test
    void everyInvalidKindIsParkedUnchangedAndTheConsumerKeepsRunning() throws Exception {
        startConsumer(2, delivery -> { });
        List<AMQP.BasicProperties> sentProps = new ArrayList<>();
        List<byte[]> sentBodies = new ArrayList<>();
        List<String> expectedReasons = new ArrayList<>();
        int[] counter = {0};
        CeleryMessageDecoder decoder = new CeleryMessageDecoder();
        BiConsumer<AMQP.BasicProperties, byte[]> send = (props, body) -> {
            try {
                broker.publish(slug, props, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            sentProps.add(props);
            sentBodies.add(body);
            expectedReasons.add(((DecodeResult.Invalid) decoder.decode(props, body)).reason());
            counter[0]++;
        };

        send.accept(protocol2("bad-json", 1, "corr-1"), utf8("[[], {\"run_id\": 1}"));
        send.accept(protocol2("two-elements", 1, null), utf8("[[], {\"run_id\": 1}]"));
        send.accept(protocol2("object-body", 1, null), utf8("{\"run_id\": 1}"));
        send.accept(withHeader(protocol2Headers("unknown-task", 1, null), "task", ls("send_mail"), "unknown-task"),
                protocol2Body(1));
        send.accept(protocol2("no-run-id", 1, null), utf8("[[], {}, {}]"));
        send.accept(protocol2("float-run-id", 1, null), utf8("[[], {\"run_id\": 1.5}, {}]"));
        send.accept(protocol2("string-run-id", 1, null), utf8("[[], {\"run_id\": \"1\"}, {}]"));
        send.accept(protocol2("bool-run-id", 1, null), utf8("[[], {\"run_id\": false}, {}]"));
        send.accept(protocol2("negative-run-id", 1, null), utf8("[[], {\"run_id\": -1}, {}]"));
        send.accept(protocol2("pickle", 1, null).builder().contentType("application/x-python-serialize")
                .contentEncoding("binary").build(), new byte[]{(byte) 0x80, 0x04, (byte) 0x95, 0x00, (byte) 0xff});
        send.accept(protocol1Properties("no-task").build(), utf8("{\"run_id\": 5}"));
        send.accept(protocol2("empty", 1, null), new byte[0]);
        send.accept(unusualProperties(), utf8("not json"));

        publishRun(77);

        await().atMost(WAIT).until(() -> listener.delivered.size() == 1);
        assertThat(listener.delivered.get(0).task().runId()).isEqualTo(77);
        assertThat(listener.invalid).hasSize(counter[0]);
        assertThat(listener.invalid).extracting(RecordingListener.Invalid::reason).containsExactlyElementsOf(expectedReasons);
        assertThat(listener.invalid).extracting(RecordingListener.Invalid::messageId)
                .containsExactly("bad-json", "two-elements", "object-body", "unknown-task", "no-run-id",
                        "float-run-id", "string-run-id", "bool-run-id", "negative-run-id", "pickle", "no-task", "empty",
                        "unusual");
        assertThat(listener.disconnectReasons).isEmpty();
        assertThat(broker.readyCount(slug)).isZero();

        List<GetResponse> parked = broker.drain(CeleryTopology.parkingQueueName(slug));
        assertThat(parked).hasSize(counter[0]);
        for (int i = 0; i < parked.size(); i++) {
            GetResponse copy = parked.get(i);
            AMQP.BasicProperties original = sentProps.get(i);
            AMQP.BasicProperties props = copy.getProps();
            assertThat(copy.getBody()).as("body of #%d", i).isEqualTo(sentBodies.get(i));
            assertThat(props.getContentType()).isEqualTo(original.getContentType());
            assertThat(props.getContentEncoding()).isEqualTo(original.getContentEncoding());
            assertThat(props.getDeliveryMode()).isEqualTo(original.getDeliveryMode());
            assertThat(props.getPriority()).isEqualTo(original.getPriority());
            assertThat(props.getCorrelationId()).isEqualTo(original.getCorrelationId());
            assertThat(props.getReplyTo()).isEqualTo(original.getReplyTo());
            assertThat(props.getMessageId()).isEqualTo(original.getMessageId());
            assertThat(props.getType()).isEqualTo(original.getType());
            assertThat(props.getAppId()).isEqualTo(original.getAppId());
            assertThat(props.getTimestamp()).isEqualTo(original.getTimestamp());
            assertThat(normalise(props.getHeaders())).as("headers of #%d", i).isEqualTo(normalise(original.getHeaders()));
        }
    }

    @Test
    void parkingQueueDeletedWhileRunningIsRedeclaredAndTheMessageStillParked() throws Exception {
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> { });
        try (Channel channel = broker.channel()) {
            channel.queueDelete(CeleryTopology.parkingQueueName(slug));
        }

        broker.publish(slug, protocol2("lost-parking", 1, null), utf8("[[], {}, {}]"));

        await().atMost(WAIT).until(() -> listener.invalid.size() == 1);
        assertThat(listener.invalid.get(0).messageId()).isEqualTo("lost-parking");
        List<GetResponse> parked = broker.drain(CeleryTopology.parkingQueueName(slug));
        assertThat(parked).singleElement().satisfies(m -> assertThat(m.getProps().getCorrelationId()).isEqualTo("lost-parking"));
        assertThat(broker.readyCount(slug)).isZero();
        assertThat(consumer.isConnected()).isTrue();
    }

    @Test
    void prefetchBoundsTheUnackedMessages() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        startConsumer(3, delivery -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
        });
        for (long run = 1; run <= 10; run++) {
            publishRun(run);
        }
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> broker.readyCount(slug) == 7);

        release.countDown();
        await().atMost(WAIT).until(() -> listener.delivered.size() == 10);
        assertThat(listener.delivered).extracting(d -> d.task().runId())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(broker.readyCount(slug)).isZero();
    }

    @Test
    void declaresCeleryTopologyAndTheParkingQueue() throws Exception {
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> { });

        assertThat(broker.queueExists(slug)).isTrue();
        assertThat(broker.queueExists(slug + ".invalid")).isTrue();
        assertThat(broker.consumerCount(slug)).isEqualTo(1);
        assertThat(listener.connected.get()).isEqualTo(1);
        // Celery's exact redeclaration is accepted (an inequivalent one would close the channel with 406)
        try (Channel channel = broker.channel()) {
            channel.exchangeDeclare(slug, "direct", true, false, false, Map.of());
            channel.queueDeclare(slug, true, false, false, Map.of());
            channel.queueBind(slug, slug, slug);
        }
        // Celery publishes to the default exchange; the binding also routes via the direct exchange
        try (Channel channel = broker.channel()) {
            channel.basicPublish(slug, slug, protocol2("via-exchange", 8, null), protocol2Body(8));
        }
        await().atMost(WAIT).until(() -> listener.delivered.size() == 1);
        assertThat(consumer.isConnected()).isTrue();
    }

    @Test
    void closeIsCleanAndFinal() throws Exception {
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> { });
        assertThat(broker.consumerCount(slug)).isEqualTo(1);

        consumer.close();
        consumer.close();

        assertThat(consumer.isConnected()).isFalse();
        assertThat(broker.consumerCount(slug)).isZero();
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("amqp-consumer-" + slug)));
        assertThat(listener.disconnectReasons).isEmpty();
        assertThatThrownBy(consumer::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        publishRun(9);
        Thread.sleep(200);
        assertThat(listener.delivered).isEmpty();
        assertThat(broker.readyCount(slug)).isEqualTo(1);
    }

    @Test
    void conflictingExistingQueueIsReportedAndRetriedUntilFixed() throws Exception {
        try (Channel channel = broker.channel()) {
            channel.queueDeclare(slug, true, false, false, Map.of("x-max-priority", 5));
        }
        CeleryQueueConsumer consumer = new CeleryQueueConsumer(TestBroker.factory(TestBroker.PORT), slug, 1,
                delivery -> { }, listener, FAST);
        consumers.add(consumer);
        consumer.start();

        await().atMost(WAIT).until(() -> !listener.disconnectReasons.isEmpty());
        assertThat(listener.disconnectReasons.get(0)).contains("406").contains("PRECONDITION_FAILED");
        assertThat(consumer.isConnected()).isFalse();

        try (Channel channel = broker.channel()) {
            channel.queueDelete(slug);
        }
        await().atMost(WAIT).until(consumer::isConnected);
        publishRun(10);
        await().atMost(WAIT).until(() -> listener.delivered.size() == 1);
    }

    @Test
    void deletedQueueIsRedeclaredAndConsumptionResumes() throws Exception {
        CeleryQueueConsumer consumer = startConsumer(1, delivery -> { });
        try (Channel channel = broker.channel()) {
            channel.queueDelete(slug);
        }

        await().atMost(WAIT).until(() -> listener.connected.get() == 2 && consumer.isConnected());
        assertThat(listener.disconnectReasons).singleElement().asString().contains("cancelled by the broker");
        publishRun(11);
        await().atMost(WAIT).until(() -> listener.delivered.size() == 1);
    }

    @Test
    void failingListenerDoesNotStopTheConsumer() throws Exception {
        QueueListener throwing = new QueueListener() {
            @Override
            public void onRunDelivered(String s, RunDelivery d) {
                throw new IllegalStateException("listener bug");
            }
        };
        List<Long> handled = new CopyOnWriteArrayList<>();
        CeleryQueueConsumer consumer = new CeleryQueueConsumer(TestBroker.factory(TestBroker.PORT), slug, 1,
                delivery -> handled.add(delivery.task().runId()), throwing, FAST);
        consumers.add(consumer);
        consumer.start();
        await().atMost(WAIT).until(consumer::isConnected);

        publishRun(12);
        publishRun(13);

        await().atMost(WAIT).until(() -> handled.size() == 2);
        await().atMost(WAIT).until(() -> broker.readyCount(slug) == 0);
        assertThat(consumer.isConnected()).isTrue();
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new CeleryQueueConsumer(TestBroker.factory(5672), slug, 0, d -> { },
                listener, FAST)).hasMessageContaining("prefetch");
        assertThatThrownBy(() -> new CeleryQueueConsumer(TestBroker.factory(5672), "x".repeat(250), 1, d -> { },
                listener, FAST)).hasMessageContaining("parking queue name is 258 bytes long");
    }

    private static AMQP.BasicProperties withHeader(Map<String, Object> headers, String name, Object value, String taskId) {
        headers.put(name, value);
        return protocol2Properties(taskId, headers).build();
    }

    /** A message with every property set and every AMQP field-table type, to prove the parked copy is identical. */
    private static AMQP.BasicProperties unusualProperties() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", ls("value"));
        nested.put("n", 1L);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("task", ls("run_transfer_task"));
        headers.put("id", ls("unusual"));
        headers.put("long", Long.MAX_VALUE);
        headers.put("int", -5);
        headers.put("bool", true);
        headers.put("void", null);
        headers.put("decimal", new BigDecimal("12.34"));
        headers.put("timestamp", new Date(1_700_000_000_000L));
        headers.put("bytes", new byte[]{0, 1, 2, (byte) 0xff});
        headers.put("double", 1.5d);
        headers.put("array", List.of(ls("a"), 1, false));
        headers.put("table", nested);
        return new AMQP.BasicProperties.Builder()
                .contentType("text/plain")
                .contentEncoding("latin-1")
                .deliveryMode(1)
                .priority(3)
                .correlationId("corr-unusual")
                .replyTo("reply-queue")
                .messageId("unusual-message")
                .type("custom-type")
                .appId("some-app")
                .timestamp(new Date(1_700_000_000_000L))
                .headers(headers)
                .build();
    }

    /** Header values in a comparable form that keeps the AMQP type (LongString and byte[] lack value equality). */
    private static Object normalise(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CeleryQueueConsumerTest::normalise).toList();
        }
        if (value instanceof LongString longString) {
            return "S:" + longString;
        }
        if (value instanceof byte[] bytes) {
            return "x:" + HexFormat.of().formatHex(bytes);
        }
        return value == null ? "V:null" : value.getClass().getSimpleName() + ":" + value;
    }
}
