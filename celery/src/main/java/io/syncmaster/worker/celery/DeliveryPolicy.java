package io.syncmaster.worker.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one message of a SyncMaster queue, whatever connection it came on (contract §2.6):
 * <ul>
 *   <li>a valid run request is acked only after the {@link RunDeliveryHandler} returned; if the handler throws, the
 *       message is nacked with requeue and deliveries pause (backoff), so a failing downstream neither loses messages
 *       nor spins the CPU;</li>
 *   <li>a run the handler refuses for good ({@link UnacceptableRunException}) is parked like an invalid message;</li>
 *   <li>an invalid message is republished unchanged (body and all properties) to the durable parking queue
 *       {@code <slug>.invalid}, the publish is confirmed by the broker, and only then is the original acked.</li>
 * </ul>
 * Used by {@link CeleryQueueConsumer} on the channel's dispatch thread, one delivery at a time.
 */
final class DeliveryPolicy {

    /** How long to wait for the broker to confirm a parked copy before giving up on it (the original stays unacked). */
    static final Duration PARK_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPolicy.class);

    /** The channel operations the policy needs; the consumer's session implements them. */
    interface DeliveryChannel {
        /** Acks; false if the channel is gone (the broker will redeliver). */
        boolean ack(long deliveryTag);

        /** Nacks with requeue; a closed channel requeues by itself. */
        void nackRequeue(long deliveryTag);

        /** Publishes {@code body} to {@code queue} (mandatory) and waits for the broker's confirm. */
        void publishConfirmed(String queue, AMQP.BasicProperties props, byte[] body, Duration timeout)
                throws IOException, TimeoutException, InterruptedException;

        /** Declares the parking queue again (it was deleted under us). */
        void redeclareParkingQueue() throws IOException;
    }

    private final String slug;
    private final String parkingQueue;
    private final RunDeliveryHandler handler;
    private final QueueListener listener;
    private final BackoffPolicy backoff;
    private final Consumer<Duration> pause;
    private final CeleryMessageDecoder decoder = new CeleryMessageDecoder();
    /** Consecutive failures; only touched on the delivery thread. */
    private int failures;

    /**
     * @param pause sleeps between a failure and the next delivery (woken early when the consumer closes)
     */
    DeliveryPolicy(String slug, RunDeliveryHandler handler, QueueListener listener, BackoffPolicy backoff,
                   Consumer<Duration> pause) {
        this.slug = slug;
        this.parkingQueue = CeleryTopology.parkingQueueName(slug);
        this.handler = handler;
        this.listener = listener;
        this.backoff = backoff;
        this.pause = pause;
    }

    void deliver(DeliveryChannel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        DecodeResult decoded = decoder.decode(props, body);
        if (decoded instanceof DecodeResult.Valid valid) {
            handleRun(channel, envelope, props, body, valid.task());
        } else {
            park(channel, envelope, props, body, ((DecodeResult.Invalid) decoded).reason());
        }
    }

    private void handleRun(DeliveryChannel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body,
                           CeleryTask task) {
        RunDelivery delivery = new RunDelivery(task, slug, envelope.isRedeliver(), Instant.now());
        try {
            handler.handle(delivery);
        } catch (UnacceptableRunException e) {
            // Requeueing would loop forever: park it with the reason, visible on the SyncWorkerQueue.
            park(channel, envelope, props, body, "run " + task.runId() + " (task " + task.taskId() + "): " + e.getMessage());
            return;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failures++;
            Duration delay = backoff.delay(failures);
            LOG.warn("Run {} (task {}) from queue '{}' was not taken over, requeued; pausing {} ms: {}",
                    task.runId(), task.taskId(), slug, delay.toMillis(), String.valueOf(e));
            LOG.debug("Handler failure for run {}", task.runId(), e);
            channel.nackRequeue(envelope.getDeliveryTag());
            pause.accept(delay);
            return;
        }
        failures = 0;
        if (channel.ack(envelope.getDeliveryTag())) {
            notifyListener(() -> listener.onRunDelivered(slug, delivery));
        } else {
            LOG.warn("Run {} (task {}) from queue '{}' was taken over but its ack failed (connection lost);"
                    + " the broker will redeliver it", task.runId(), task.taskId(), slug);
        }
    }

    private void park(DeliveryChannel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body, String reason) {
        String messageId = CeleryMessageDecoder.messageIdOf(props);
        try {
            channel.publishConfirmed(parkingQueue, props, body, PARK_CONFIRM_TIMEOUT);
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("Could not park invalid message {} from queue '{}' in '{}', left in the queue: {} (message"
                    + " problem: {})", messageId, slug, parkingQueue, String.valueOf(e), reason);
            if (e instanceof IOException) {
                // the parking queue is gone: the channel still works, redeclare it and retry later
                redeclareParkingQueue(channel);
            }
            channel.nackRequeue(envelope.getDeliveryTag());
            failures++;
            pause.accept(backoff.delay(failures));
            return;
        }
        if (!channel.ack(envelope.getDeliveryTag())) {
            LOG.warn("Invalid message {} from queue '{}' was parked but its ack failed (connection lost); it will be"
                    + " redelivered and parked again", messageId, slug);
            return;
        }
        LOG.warn("Invalid message {} from queue '{}' moved to '{}': {}", messageId, slug, parkingQueue, reason);
        notifyListener(() -> listener.onInvalidMessage(slug, messageId, reason));
    }

    private void redeclareParkingQueue(DeliveryChannel channel) {
        try {
            channel.redeclareParkingQueue();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not redeclare parking queue '{}': {}", parkingQueue, String.valueOf(e));
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Queue listener for '{}' failed", slug, e);
        }
    }
}
