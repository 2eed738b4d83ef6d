package io.syncmaster.worker.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Consumes one SyncMaster queue (Celery's {@code run_transfer_task} messages) with at-least-once semantics. This class
 * owns the connection (supervision, reconnection, close); what happens to each message is {@link DeliveryPolicy}'s.
 *
 * <p>It exists to replace the Python worker's consumer, which acks a message before the run is even started (a crash
 * loses it) and dies on a malformed message (contract §2.6). Messages are acked only once taken over or parked
 * ({@link DeliveryPolicy}); the connection is owned here: when the broker is down at start or the connection drops,
 * it reconnects with exponential backoff and jitter, redeclares Celery's topology and resumes; the broker redelivers
 * whatever was unacked.
 *
 * <p>Threading: one connection and one channel per consumer. A background supervisor thread connects and waits for the
 * connection to end; deliveries run one at a time on the client's dispatch thread for that channel, which is the only
 * thread that acks or publishes on it ({@link #close()} only cancels and closes).
 */
public final class CeleryQueueConsumer implements AutoCloseable {

    /** How long {@link #close()} waits for a handler that is still running. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(CeleryQueueConsumer.class);

    private final ConnectionFactory factory;
    private final String slug;
    private final int prefetch;
    private final QueueListener listener;
    private final BackoffPolicy backoff;
    private final DeliveryPolicy deliveries;

    /** Held while a delivery is processed; {@link #close()} takes it to wait for the in-flight handler. */
    private final ReentrantLock deliveryLock = new ReentrantLock();
    /** Counted down by {@link #close()}: wakes every backoff sleep. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object stateLock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();

    private volatile boolean connected;
    /** Guarded by {@link #stateLock}. */
    private boolean closed;
    /** Guarded by {@link #stateLock}. */
    private Session session;
    private Thread supervisor;

    /**
     * @param factory  broker connection settings (see {@link AmqpConnections}); copied, with automatic recovery off
     * @param slug     the SyncMaster queue slug: the RabbitMQ queue, exchange and routing key
     * @param prefetch unacknowledged messages the broker may push to this consumer at once (1..65535)
     * @param handler  takes over each valid run request
     * @param listener state observer
     * @param backoff  delays between reconnection attempts and after handler failures
     */
    public CeleryQueueConsumer(ConnectionFactory factory, String slug, int prefetch, RunDeliveryHandler handler,
                               QueueListener listener, BackoffPolicy backoff) {
        Objects.requireNonNull(factory, "factory");
        this.slug = Objects.requireNonNull(slug, "slug");
        if (prefetch < 1 || prefetch > 65535) {
            throw new IllegalArgumentException("prefetch must be between 1 and 65535, got " + prefetch);
        }
        this.prefetch = prefetch;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.deliveries = new DeliveryPolicy(slug, Objects.requireNonNull(handler, "handler"), listener, backoff, this::sleep);
        ConnectionFactory copy = factory.clone();
        copy.setAutomaticRecoveryEnabled(false);
        copy.setTopologyRecoveryEnabled(false);
        this.factory = copy;
    }

    /** The queue this consumer reads. */
    public String slug() {
        return slug;
    }

    /** Starts connecting and consuming in the background; returns at once. May be called once. */
    public void start() {
        synchronized (stateLock) {
            if (closed) {
                throw new IllegalStateException("consumer for queue '" + slug + "' is closed");
            }
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("consumer for queue '" + slug + "' is already started");
            }
            supervisor = new Thread(this::superviseConnection, "amqp-consumer-" + slug);
            supervisor.setDaemon(true);
            supervisor.start();
        }
    }

    /** True while connected, with the topology declared and the consumer registered. */
    public boolean isConnected() {
        return connected;
    }

    /** Stops consuming, waits up to {@link #DEFAULT_CLOSE_GRACE} for a running handler, then closes the connection. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_GRACE);
    }

    /**
     * Stops consuming, waits up to {@code grace} for a running handler, then closes the channel and the connection.
     * A message whose handler has not returned by then stays unacked and is redelivered by the broker.
     * An intentional close is not reported through {@link QueueListener#onDisconnected}. Idempotent.
     */
    public void close(Duration grace) {
        Session current;
        Thread supervisorThread;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            current = session;
            supervisorThread = supervisor;
        }
        closing.countDown();
        if (current != null) {
            current.cancelConsumer();
        }
        waitForInFlightDelivery(grace);
        if (current != null) {
            current.end("consumer closed");
            current.closeQuietly();
        }
        if (supervisorThread != null && supervisorThread != Thread.currentThread()) {
            try {
                supervisorThread.join(Math.max(1, grace.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connected = false;
        LOG.info("Consumer for queue '{}' closed", slug);
    }

    private boolean isClosed() {
        return closing.getCount() == 0;
    }

    private void waitForInFlightDelivery(Duration grace) {
        try {
            if (deliveryLock.tryLock(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                deliveryLock.unlock();
            } else {
                LOG.warn("Handler for queue '{}' still running after {} ms; closing anyway, its message will be"
                        + " redelivered", slug, grace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connection supervision (supervisor thread)

    private void superviseConnection() {
        int attempt = 0;
        String lastReportedReason = null;
        while (!isClosed()) {
            Session current;
            try {
                current = openSession();
            } catch (Exception e) {
                if (isClosed()) {
                    break;
                }
                attempt++;
                String reason = describeFailure(e);
                if (!reason.equals(lastReportedReason)) {
                    notifyListener(() -> listener.onDisconnected(slug, reason));
                    lastReportedReason = reason;
                }
                Duration delay = backoff.delay(attempt);
                LOG.warn("Cannot consume queue '{}' (attempt {}): {}; retrying in {} ms", slug, attempt, reason,
                        delay.toMillis());
                sleep(delay);
                continue;
            }
            if (current == null) {
                break; // closed while connecting
            }
            attempt = 0;
            connected = true;
            LOG.info("Consuming queue '{}' (prefetch {})", slug, prefetch);
            notifyListener(() -> listener.onConnected(slug));

            String reason = current.awaitEnd();
            connected = false;
            current.closeQuietly();
            if (isClosed()) {
                break;
            }
            lastReportedReason = reason;
            notifyListener(() -> listener.onDisconnected(slug, reason));
            attempt++;
            Duration delay = backoff.delay(attempt);
            LOG.warn("Lost the connection for queue '{}': {}; reconnecting in {} ms", slug, reason, delay.toMillis());
            sleep(delay);
        }
        connected = false;
    }

    /** Connects, declares, starts consuming. Returns {@code null} if the consumer was closed meanwhile. */
    private Session openSession() throws IOException, TimeoutException {
        Connection connection = factory.newConnection("syncmaster-worker " + slug);
        try {
            Channel channel = connection.createChannel();
            if (channel == null) {
                throw new IOException("the broker has no free channel on a new connection");
            }
            Session opened = new Session(connection, channel);
            connection.addShutdownListener(cause -> opened.end(describeShutdown(cause)));
            channel.addShutdownListener(cause -> opened.end(describeShutdown(cause)));
            channel.addReturnListener(returned -> opened.parkedCopyReturned.set(true));
            CeleryTopology.declareTaskQueue(channel, slug);
            CeleryTopology.declareParkingQueue(channel, slug);
            channel.confirmSelect();
            channel.basicQos(prefetch, false);
            synchronized (stateLock) {
                if (closed) {
                    opened.closeQuietly();
                    return null;
                }
                session = opened;
            }
            opened.consumerTag = channel.basicConsume(slug, false, new DeliveryConsumer(opened));
            return opened;
        } catch (IOException | RuntimeException e) {
            abortQuietly(connection);
            throw e;
        }
    }

    private void sleep(Duration delay) {
        try {
            closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deliveries (the channel's dispatch thread)

    private void onDelivery(Session delivering, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        deliveryLock.lock();
        try {
            if (isClosed()) {
                return; // not acked: the broker requeues it when the channel closes
            }
            deliveries.deliver(delivering, envelope, props, body);
        } finally {
            deliveryLock.unlock();
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Queue listener for '{}' failed", slug, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String describeShutdown(ShutdownSignalException cause) {
        String what = cause.isHardError() ? "connection" : "channel";
        Method reason = cause.getReason();
        if (reason instanceof AMQP.Connection.Close close) {
            return "connection closed by the broker: " + close.getReplyCode() + " " + close.getReplyText();
        }
        if (reason instanceof AMQP.Channel.Close close) {
            return "channel closed by the broker: " + close.getReplyCode() + " " + close.getReplyText();
        }
        if (cause.isInitiatedByApplication() && cause.getCause() == null) {
            return what + " closed";
        }
        Throwable root = cause.getCause();
        return what + " lost: " + (root != null ? describeFailure(root) : cause.getMessage());
    }

    private static String describeFailure(Throwable e) {
        if (e instanceof ShutdownSignalException shutdown) {
            return describeShutdown(shutdown);
        }
        if (e instanceof IOException && e.getCause() instanceof ShutdownSignalException shutdown) {
            // a failed declaration (e.g. 406 PRECONDITION_FAILED) or a connection lost during setup
            return describeShutdown(shutdown);
        }
        if (e.getMessage() == null && e.getCause() != null && e.getCause() != e) {
            return describeFailure(e.getCause());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void abortQuietly(Connection connection) {
        try {
            connection.abort(1000);
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    /** One connection + channel; ends when either shuts down, the broker cancels the consumer, or close() is called. */
    private final class Session implements DeliveryPolicy.DeliveryChannel {
        final Connection connection;
        final Channel channel;
        final CompletableFuture<String> ended = new CompletableFuture<>();
        final AtomicBoolean parkedCopyReturned = new AtomicBoolean();
        private final AtomicBoolean closeOnce = new AtomicBoolean();
        volatile String consumerTag;

        Session(Connection connection, Channel channel) {
            this.connection = connection;
            this.channel = channel;
        }

        void end(String reason) {
            ended.complete(reason);
        }

        String awaitEnd() {
            try {
                return ended.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (ExecutionException e) {
                return String.valueOf(e.getCause());
            }
        }

        @Override
        public boolean ack(long deliveryTag) {
            try {
                channel.basicAck(deliveryTag, false);
                return true;
            } catch (IOException | AlreadyClosedException e) {
                return false;
            }
        }

        @Override
        public void nackRequeue(long deliveryTag) {
            try {
                channel.basicNack(deliveryTag, false, true);
            } catch (IOException | AlreadyClosedException e) {
                LOG.debug("nack on queue '{}' failed (channel closed); the broker requeues the message itself", slug);
            }
        }

        @Override
        public void publishConfirmed(String queue, AMQP.BasicProperties props, byte[] body, Duration timeout)
                throws IOException, TimeoutException, InterruptedException {
            parkedCopyReturned.set(false);
            // mandatory: if the queue vanished, the broker returns the copy instead of dropping it
            channel.basicPublish("", queue, true, props, body);
            channel.waitForConfirmsOrDie(timeout.toMillis());
            if (parkedCopyReturned.get()) {
                throw new IOException("parking queue '" + queue + "' does not exist (copy returned unroutable)");
            }
        }

        @Override
        public void redeclareParkingQueue() throws IOException {
            if (channel.isOpen()) {
                CeleryTopology.declareParkingQueue(channel, slug);
            }
        }

        void cancelConsumer() {
            String tag = consumerTag;
            if (tag == null || !channel.isOpen()) {
                return;
            }
            try {
                channel.basicCancel(tag);
            } catch (IOException | RuntimeException e) {
                LOG.debug("basic.cancel on queue '{}' failed: {}", slug, String.valueOf(e));
            }
        }

        void closeQuietly() {
            if (!closeOnce.compareAndSet(false, true)) {
                return; // close() and the supervisor may both get here
            }
            try {
                if (connection.isOpen()) {
                    connection.close(2000);
                }
            } catch (IOException | RuntimeException e) {
                abortQuietly(connection);
            }
        }
    }

    private final class DeliveryConsumer extends DefaultConsumer {
        private final Session owner;

        DeliveryConsumer(Session owner) {
            super(owner.channel);
            this.owner = owner;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            onDelivery(owner, envelope, properties, body);
        }

        @Override
        public void handleCancel(String consumerTag) {
            owner.end("consumer cancelled by the broker (queue '" + slug + "' deleted?)");
        }
    }
}
