package io.syncmaster.worker.celery;

import io.syncmaster.worker.celery.testing.CeleryMessages;

import io.syncmaster.worker.testing.TcpProxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker outages simulated with a TCP proxy between the consumer and the shared RabbitMQ (which must not be
 * restarted): connections dropped mid-stream while messages keep arriving, and a broker that is down at start.
 */
class BrokerOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestBroker broker;
    private TcpProxy proxy;
    private String slug;
    private final RecordingListener listener = new RecordingListener();
    private CeleryQueueConsumer consumer;

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.connect();
        slug = broker.newSlug("outage");
        proxy = new TcpProxy(TestBroker.HOST, TestBroker.PORT);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (consumer != null) {
                consumer.close(Duration.ofMillis(200));
            }
            proxy.close();
        } finally {
            broker.close();
        }
    }

    private CeleryQueueConsumer consumerViaProxy(int prefetch, RunDeliveryHandler handler) {
        consumer = new CeleryQueueConsumer(TestBroker.factory(proxy.port()), slug, prefetch, handler, listener,
                CeleryQueueConsumerTest.FAST);
        return consumer;
    }

    @Test
    void connectionLostMidStreamLosesNothingAndAcksEveryMessageOnce() throws Exception {
        int total = 300;
        List<RunDelivery> handled = new CopyOnWriteArrayList<>();
        consumerViaProxy(10, delivery -> {
            handled.add(delivery);
            Thread.sleep(2);
        }).start();
        await().atMost(WAIT).until(consumer::isConnected);

        AtomicReference<Exception> publishFailure = new AtomicReference<>();
        Thread publisher = new Thread(() -> {
            try {
                for (long run = 1; run <= total; run++) {
                    broker.publish(slug, protocol2("task-" + run, run, null), protocol2Body(run));
                    Thread.sleep(4);
                }
            } catch (Exception e) {
                publishFailure.set(e);
            }
        }, "test-publisher");
        publisher.start();

        await().atMost(WAIT).until(() -> handled.size() >= 50);
        proxy.stopListening(); // every connection severed, new ones refused
        await().atMost(WAIT).until(() -> !listener.disconnectReasons.isEmpty());
        assertThat(consumer.isConnected()).isFalse();
        Thread.sleep(1500); // the publisher keeps publishing to the broker meanwhile
        int handledDuringOutage = handled.size();
        Thread.sleep(200);
        assertThat(handled).as("nothing handled while disconnected").hasSize(handledDuringOutage);
        proxy.startListening();

        publisher.join(WAIT.toMillis());
        assertThat(publishFailure.get()).isNull();
        Set<Long> all = LongStream.rangeClosed(1, total).boxed().collect(Collectors.toSet());
        await().atMost(WAIT).until(() -> handled.stream().map(d -> d.task().runId()).collect(Collectors.toSet())
                .containsAll(all));
        await().atMost(WAIT).until(() -> broker.readyCount(slug) == 0);
        consumer.close();

        // every message was acked: nothing was requeued when the consumer closed
        assertThat(broker.readyCount(slug)).isZero();
        assertThat(listener.connected.get()).isGreaterThanOrEqualTo(2);
        assertThat(listener.disconnectReasons.get(0)).startsWith("connection lost");
        // a second ack of the same delivery would have closed the channel with 406 PRECONDITION_FAILED
        assertThat(listener.disconnectReasons).noneMatch(reason -> reason.contains("PRECONDITION_FAILED"))
                .allMatch(reason -> reason.startsWith("connection lost") || reason.contains("Connection refused"));
        // at least once: a run handled again was redelivered by the broker (its first ack was lost with the connection)
        Map<Long, List<RunDelivery>> byRun = handled.stream().collect(Collectors.groupingBy(d -> d.task().runId()));
        assertThat(byRun.keySet()).isEqualTo(all);
        byRun.values().stream().filter(list -> list.size() > 1)
                .forEach(list -> assertThat(list.subList(1, list.size())).allMatch(RunDelivery::redelivered));
        assertThat(byRun.values().stream().filter(list -> list.size() > 1).count())
                .as("only messages in flight at the cut are handled twice").isLessThanOrEqualTo(10);
        assertThat(listener.delivered.stream().map(d -> d.task().runId()).collect(Collectors.toSet())).isEqualTo(all);
    }

    @Test
    void brokerDownAtStartIsRetriedUntilItComesUp() throws Exception {
        proxy.stopListening();
        consumerViaProxy(1, delivery -> { }).start();

        await().atMost(WAIT).until(() -> !listener.disconnectReasons.isEmpty());
        assertThat(listener.disconnectReasons.get(0)).contains("Connection refused");
        Thread.sleep(600); // several attempts (50 ms doubling to 400 ms), each refused
        assertThat(consumer.isConnected()).isFalse();
        assertThat(listener.disconnectReasons).as("the same reason is reported once").hasSize(1);
        assertThat(listener.connected.get()).isZero();

        proxy.startListening();

        await().atMost(WAIT).until(consumer::isConnected);
        assertThat(listener.connected.get()).isEqualTo(1);
        broker.publish(slug, protocol2("task-1", 1, null), protocol2Body(1));
        await().atMost(WAIT).until(() -> listener.delivered.size() == 1);
        assertThat(listener.delivered.get(0).task().runId()).isEqualTo(1);
    }
}
