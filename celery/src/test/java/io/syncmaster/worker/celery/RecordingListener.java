package io.syncmaster.worker.celery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link QueueListener} that records every callback, for assertions from the test thread. */
final class RecordingListener implements QueueListener {

    record Invalid(String slug, String messageId, String reason) {
    }

    final AtomicInteger connected = new AtomicInteger();
    final List<String> disconnectReasons = new CopyOnWriteArrayList<>();
    final List<Invalid> invalid = new CopyOnWriteArrayList<>();
    final List<RunDelivery> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(String slug) {
        connected.incrementAndGet();
    }

    @Override
    public void onDisconnected(String slug, String reason) {
        disconnectReasons.add(reason);
    }

    @Override
    public void onInvalidMessage(String slug, String messageId, String reason) {
        invalid.add(new Invalid(slug, messageId, reason));
    }

    @Override
    public void onRunDelivered(String slug, RunDelivery delivery) {
        delivered.add(delivery);
    }
}
