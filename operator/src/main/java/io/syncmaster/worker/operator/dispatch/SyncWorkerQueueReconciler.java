package io.syncmaster.worker.operator.dispatch;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.syncmaster.worker.celery.CeleryTopology;
import io.syncmaster.worker.celery.QueueListener;
import io.syncmaster.worker.celery.RunDelivery;
import io.syncmaster.worker.operator.crd.RunCounts;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.SyncWorkerQueueStatus;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.events.EventReason;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.operator.run.QueueAdmission;
import io.syncmaster.worker.operator.run.RunTimes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps one RabbitMQ consumer per SyncWorkerQueue (started, restarted on a slug change, stopped on suspend or
 * delete) and reports its health and run counts in the queue's status. It is registered to be called on delete
 * events too, so it needs no finalizer: deleting a queue (or {@code helm uninstall}) can never hang on a missing operator.
 */
public class SyncWorkerQueueReconciler implements Reconciler<SyncWorkerQueue> {
    public static final String NAME = "syncworkerqueue";
    public static final String READY = "Ready";
    public static final String BROKER_CONNECTED = "BrokerConnected";

    private final QueueConsumerRegistry consumers;
    private final EventPublisher events;
    private final ConsumerMetrics consumerMetrics;
    private final RunMetrics runMetrics;
    private final Clock clock;
    private final Duration resync;
    private SimpleInboundEventSource<SyncWorkerQueue> consumerEvents;

    public SyncWorkerQueueReconciler(QueueConsumerRegistry consumers, EventPublisher events, ConsumerMetrics consumerMetrics,
                                                                      RunMetrics runMetrics, Clock clock, Duration resync) {
        this.consumers = consumers;
        this.events = events;
        this.consumerMetrics = consumerMetrics;
        this.runMetrics = runMetrics;
        this.clock = clock;
        this.resync = resync;
    }

    @Override
    public List<EventSource<?, SyncWorkerQueue>> prepareEventSources(EventSourceContext<SyncWorkerQueue> context) {
        var runs = new InformerEventSource<>(InformerEventSourceConfiguration.from(TransferRun.class, SyncWorkerQueue.class)
                .withSecondaryToPrimaryMapper((TransferRun run) ->
                        Set.of(new ResourceID(run.getSpec().getQueue(), run.getMetadata().getNamespace())))
                // No PrimaryToSecondaryMapper: JOSDK indexes a queue's runs from the mapper above, in the informer cache.
                .build(), context);
        consumerEvents = new SimpleInboundEventSource<>("consumer-events");
        return List.of(runs, consumerEvents);
    }

    @Override
    public UpdateControl<SyncWorkerQueue> reconcile(SyncWorkerQueue queue, Context<SyncWorkerQueue> context) {
        String key = key(queue);
        if (context.isPrimaryResourceDeleted()) {
            consumers.stop(key);
            return UpdateControl.noUpdate();
        }
        if (queue.getSpec().suspended()) {
            consumers.stop(key);
        } else {
            ResourceID id = ResourceID.fromResource(queue);
            consumers.ensureRunning(key, queue.getSpec().getSlug(),
                    new TransferRunDispatcher(context.getClient(), queue),
                    () -> {
                        if (consumerEvents != null) {
                            consumerEvents.propagateEvent(id);
                        }
                    },
                    listenerFor(queue));
        }
        SyncWorkerQueueStatus desired = desiredStatus(queue, context);
        if (!sameStatus(queue.getStatus(), desired)) {
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(queue, context, q -> {
                q.setStatus(desired);
                return q;
            });
        }
        return UpdateControl.<SyncWorkerQueue>noUpdate().rescheduleAfter(resync.toMillis());
    }

    private QueueListener listenerFor(SyncWorkerQueue queue) {
        return new QueueListener() {
            @Override
            public void onConnected(String slug) {
                consumerMetrics.connected(slug, true);
                events.normal(queue, EventReason.BROKER_CONNECTED, "consuming RabbitMQ queue " + slug);
            }

            @Override
            public void onDisconnected(String slug, String reason) {
                consumerMetrics.connected(slug, false);
                events.warning(queue, EventReason.BROKER_DISCONNECTED, "lost RabbitMQ queue " + slug + ": " + reason);
            }

            @Override
            public void onInvalidMessage(String slug, String messageId, String reason) {
                consumerMetrics.message(slug, "invalid");
                events.warning(queue, EventReason.INVALID_MESSAGE, "message " + messageId + " parked in "
                        + CeleryTopology.parkingQueueName(slug) + ": " + reason);
            }

            @Override
            public void onRunDelivered(String slug, RunDelivery d) {
                consumerMetrics.message(slug, d.redelivered() ? "redelivered" : "valid");
            }
        };
    }

    private SyncWorkerQueueStatus desiredStatus(SyncWorkerQueue queue, Context<SyncWorkerQueue> context) {
        SyncWorkerQueueStatus previous = queue.getStatus() == null ? new SyncWorkerQueueStatus() : queue.getStatus();
        SyncWorkerQueueStatus status = new SyncWorkerQueueStatus();
        String now = RunTimes.format(clock.instant());
        Long generation = queue.getMetadata().getGeneration();
        var state = consumers.state(key(queue));
        boolean suspended = queue.getSpec().suspended();
        boolean connected = state.map(QueueConsumerRegistry.ConsumerState::connected).orElse(false);
        String brokerReason = suspended ? "Suspended" : connected ? "Connected" : "Connecting";
        String brokerMessage = suspended ? "spec.suspend is true: not consuming"
                : connected ? "consuming queue " + queue.getSpec().getSlug()
                : state.map(QueueConsumerRegistry.ConsumerState::lastError).orElse("connecting to the broker");
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(previous, BROKER_CONNECTED, connected, brokerReason, brokerMessage, now, generation));
        conditions.add(condition(previous, READY, connected && !suspended, suspended ? "Suspended" : connected ? "Ready" : "BrokerNotConnected",
                suspended ? "consumption is suspended" : connected ? "receiving runs" : "waiting for the broker", now, generation));
        status.setConditions(conditions);

        RunCounts counts = new RunCounts();
        context.getSecondaryResources(TransferRun.class).forEach(r -> counts.count(QueueAdmission.phaseOf(r)));
        status.setRuns(counts);
        runMetrics.runCounts(queue.getMetadata().getNamespace(), queue.getMetadata().getName(), counts);
        status.setLastMessageTime(state.map(QueueConsumerRegistry.ConsumerState::lastMessageTime)
                .map(RunTimes::format).orElse(previous.getLastMessageTime()));
        status.setObservedGeneration(generation);
        return status;
    }

    private static Condition condition(SyncWorkerQueueStatus previous, String type, boolean value, String reason, String message,
                                                                          String now, Long generation) {
        String text = value ? "True" : "False";
        String since = previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && text.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).findFirst().orElse(now);
        return new ConditionBuilder().withType(type).withStatus(text).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withObservedGeneration(generation).build();
    }

    private static boolean sameStatus(SyncWorkerQueueStatus a, SyncWorkerQueueStatus b) {
        if (a == null) {
            return false;
        }
        return Objects.equals(a.getRuns(), b.getRuns())
                && Objects.equals(a.getLastMessageTime(), b.getLastMessageTime())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && a.getConditions().size() == b.getConditions().size()
                && a.getConditions().stream().allMatch(c -> b.getConditions().stream().anyMatch(d ->
                        d.getType().equals(c.getType()) && d.getStatus().equals(c.getStatus())
                                && Objects.equals(d.getReason(), c.getReason()) && Objects.equals(d.getMessage(), c.getMessage())));
    }

    static String key(SyncWorkerQueue queue) {
        return queue.getMetadata().getNamespace() + "/" + queue.getMetadata().getName();
    }
}
