package io.syncmaster.worker.celery;

import java.time.Instant;
import java.util.Objects;

/**
 * A valid run request as handed to a {@link RunDeliveryHandler}: the decoded task plus where and how it arrived.
 * {@code redelivered} is RabbitMQ's flag: the message may have been handled before (the handler must be idempotent).
 */
public record RunDelivery(CeleryTask task, String slug, boolean redelivered, Instant receivedAt) {

    public RunDelivery {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
