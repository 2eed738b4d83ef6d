package io.syncmaster.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.config.BrokerAddress;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.celery.BackoffPolicy;
import io.syncmaster.worker.celery.CeleryQueueConsumer;
import io.syncmaster.worker.celery.QueueListener;
import io.syncmaster.worker.celery.RunDelivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The demo's embedded broker speaks enough AMQP 0-9-1 for the worker: the shared consumer (Celery's declarations,
 * per-consumer prefetch, publisher confirms for parking) receives what the Celery-exact publisher sends.
 */
class EmbeddedAmqpBrokerTest {

    @Test
    void theSharedConsumerReceivesCeleryMessagesFromTheEmbeddedBroker() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "qpid-");
        List<RunDelivery> received = new CopyOnWriteArrayList<>();
        try (EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(dir, "s3cret")) {
            var factory = AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(broker.kombuUrl()));
            try (CeleryTaskPublisher server = new CeleryTaskPublisher(factory);
                 CeleryQueueConsumer consumer = new CeleryQueueConsumer(factory, "1-demo_queue", 1, received::add,
                         QueueListener.none(), BackoffPolicy.defaults())) {
                broker.routeDefaultExchangeLikeRabbitMq(factory, "1-demo_queue");
                String taskId = server.sendRunTransferTask("1-demo_queue", 42, "req-1");
                consumer.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
                assertThat(received.get(0).task().runId()).isEqualTo(42);
                assertThat(received.get(0).task().taskId()).isEqualTo(taskId);
                assertThat(received.get(0).task().correlationIdHeader()).isEqualTo("req-1");
            }
        } finally {
            DemoCommand.deleteRecursively(dir);
        }
    }
}
