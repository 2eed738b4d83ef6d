package io.syncmaster.worker.celery;

/**
 * Observer of one consumer's state, so the operator can surface it (conditions, Events, metrics) without the queue
 * package knowing about Kubernetes. Every method has a no-op default. Implementations must be quick and thread-safe:
 * they are called from the consumer's connection and delivery threads. An exception thrown here is logged and ignored.
 */
public interface QueueListener {

    /** Connected, topology declared, consuming. */
    default void onConnected(String slug) {
    }

    /**
     * Not consuming: the connection was lost, or a connection attempt failed. Called on each loss of an established
     * connection, and for failed attempts whenever the reason differs from the one last reported.
     */
    default void onDisconnected(String slug, String reason) {
    }

    /** A message that is not a valid run request was parked in {@code <slug>.invalid} and acknowledged. */
    default void onInvalidMessage(String slug, String messageId, String reason) {
    }

    /** The handler accepted a run and its message was acknowledged. */
    default void onRunDelivered(String slug, RunDelivery delivery) {
    }

    /** A listener that ignores everything. */
    static QueueListener none() {
        return new QueueListener() {
        };
    }
}
