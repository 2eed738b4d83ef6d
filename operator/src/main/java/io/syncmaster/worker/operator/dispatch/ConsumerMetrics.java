package io.syncmaster.worker.operator.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** AMQP consumer metrics: connection state per queue and messages by outcome (valid, invalid, redelivered). */
public final class ConsumerMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> connected = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void connected(String slug, boolean up) {
        connected.computeIfAbsent(slug, s -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("syncmaster_amqp_consumer_connected", v, AtomicInteger::get)
                    .description("1 while the queue's consumer is connected").tag("slug", s).register(registry);
            return v;
        }).set(up ? 1 : 0);
    }

    public void message(String slug, String outcome) {
        Counter.builder("syncmaster_amqp_messages").description("Messages received by outcome")
                .tag("slug", slug).tag("outcome", outcome).register(registry).increment();
    }
}
