package io.syncmaster.worker.operator.dispatch;

import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.celery.BackoffPolicy;
import io.syncmaster.worker.celery.CeleryQueueConsumer;
import io.syncmaster.worker.celery.QueueListener;
import io.syncmaster.worker.celery.RunDelivery;
import io.syncmaster.worker.celery.RunDeliveryHandler;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live RabbitMQ consumers, one per SyncWorkerQueue, keyed by {@code namespace/name}. Rebuilt from the
 * SyncWorkerQueues on every start; it also remembers each consumer's last connection event and message time
 * for the queue's status.
 */
public final class QueueConsumerRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumerRegistry.class);

    private final ConnectionFactory connectionFactory;
    private final int prefetch;
    private final BackoffPolicy backoff;
    private final Map<String, Entry> consumers = new ConcurrentHashMap<>();

    /** What the queue reconciler reads to fill the queue's status. */
    public record ConsumerState(boolean connected, String lastError, Instant lastMessageTime) {
    }

    private static final class Entry {
        final String slug;
        final CeleryQueueConsumer consumer;
        volatile String lastError;
        volatile Instant lastMessageTime;

        Entry(String slug, CeleryQueueConsumer consumer) {
            this.slug = slug;
            this.consumer = consumer;
        }
    }

    public QueueConsumerRegistry(ConnectionFactory connectionFactory, int prefetch, BackoffPolicy backoff) {
        this.connectionFactory = connectionFactory;
        this.prefetch = prefetch;
        this.backoff = backoff;
    }

    /**
     * Makes sure exactly one consumer for {@code slug} runs under {@code key} (restarting it when the slug
     * changed).
     *
     * @param onChange called (from the consumer's threads) when the connection state changes or a message arrives
     * @param extraListener more listener callbacks (events, metrics)
     */
    public synchronized void ensureRunning(String key, String slug, RunDeliveryHandler handler, Runnable onChange,
                                                                                  QueueListener extraListener) {
        Entry existing = consumers.get(key);
        if (existing != null && existing.slug.equals(slug)) {
            return;
        }
        stop(key);
        Entry[] holder = new Entry[1];
        QueueListener listener = new QueueListener() {
            @Override
            public void onConnected(String s) {
                holder[0].lastError = null;
                extraListener.onConnected(s);
                onChange.run();
            }

            @Override
            public void onDisconnected(String s, String reason) {
                holder[0].lastError = reason;
                extraListener.onDisconnected(s, reason);
                onChange.run();
            }

            @Override
            public void onInvalidMessage(String s, String messageId, String reason) {
                holder[0].lastMessageTime = Instant.now();
                extraListener.onInvalidMessage(s, messageId, reason);
            }

            @Override
            public void onRunDelivered(String s, RunDelivery d) {
                holder[0].lastMessageTime = d.receivedAt();
                extraListener.onRunDelivered(s, d);
            }
        };
        CeleryQueueConsumer consumer = new CeleryQueueConsumer(connectionFactory, slug, prefetch, handler, listener, backoff);
        holder[0] = new Entry(slug, consumer);
        consumers.put(key, holder[0]);
        LOG.info("Starting consumer for queue {} ({})", slug, key);
        consumer.start();
    }

    public synchronized void stop(String key) {
        Entry entry = consumers.remove(key);
        if (entry != null) {
            LOG.info("Stopping consumer for queue {} ({})", entry.slug, key);
            entry.consumer.close();
        }
    }

    public Optional<ConsumerState> state(String key) {
        Entry e = consumers.get(key);
        return e == null ? Optional.empty()
                : Optional.of(new ConsumerState(e.consumer.isConnected(), e.lastError, e.lastMessageTime));
    }

    /** Whether every running consumer is connected (readiness). */
    public boolean allConnected() {
        return consumers.values().stream().allMatch(e -> e.consumer.isConnected());
    }

    @Override
    public synchronized void close() {
        for (String key : consumers.keySet().toArray(new String[0])) {
            stop(key);
        }
    }
}
