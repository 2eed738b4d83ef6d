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
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.ConditionText;
import io.syncmaster.worker.operator.crd.RunCounts;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.SyncWorkerQueueStatus;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.events.EventReason;
import io.syncmaster.worker.operator.job.EffectiveRunTemplate;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.operator.run.QueueAdmission;
import io.syncmaster.worker.operator.kube.ApiTimes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one RabbitMQ consumer per SyncWorkerQueue (started, restarted on a slug change, stopped on suspend or
 * delete) and reports its health and run counts in the queue's status. It is registered to be called on delete
 * events too, so it needs no finalizer: deleting a queue (or {@code helm uninstall}) can never hang on a missing operator.
 */
public class SyncWorkerQueueReconciler implements Reconciler<SyncWorkerQueue> {
    public static final String NAME = "syncworkerqueue";
    public static final String READY = "Ready";
    public static final String BROKER_CONNECTED = "BrokerConnected";

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorkerQueueReconciler.class);
    private final OperatorSettings settings;
    private final QueueConsumerRegistry consumers;
    private final EventPublisher events;
    private final ConsumerMetrics consumerMetrics;
    private final RunMetrics runMetrics;
    private final Clock clock;
    private final Duration resync;
    private SimpleInboundEventSource<SyncWorkerQueue> consumerEvents;

    /** @param settings the operator's settings: run template defaults and {@code run_policy} (Ready needs both) */
    public SyncWorkerQueueReconciler(OperatorSettings settings, QueueConsumerRegistry consumers, EventPublisher events,
                                     ConsumerMetrics consumerMetrics, RunMetrics runMetrics, Clock clock, Duration resync) {
        this.settings = settings;
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
        warnOnceIfTemplateNotAllowed(queue, desired);
        if (!sameStatus(queue.getStatus(), desired)) {
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(queue, context, q -> {
                q.setStatus(desired);
                return q;
            });
        }
        return UpdateControl.<SyncWorkerQueue>noUpdate().rescheduleAfter(resync.toMillis());
    }

    /** A Warning Event when a queue's run template starts asking for more than the operator allows (not every resync). */
    private void warnOnceIfTemplateNotAllowed(SyncWorkerQueue queue, SyncWorkerQueueStatus desired) {
        Optional<Condition> ready = desired.getConditions().stream().filter(c -> READY.equals(c.getType())).findFirst();
        if (ready.isEmpty() || !"RunTemplateNotAllowed".equals(ready.get().getReason())) {
            return;
        }
        boolean already = queue.getStatus() != null && queue.getStatus().getConditions().stream()
                .anyMatch(c -> READY.equals(c.getType()) && "RunTemplateNotAllowed".equals(c.getReason())
                        && Objects.equals(c.getMessage(), ready.get().getMessage()));
        if (!already) {
            LOG.warn("SyncWorkerQueue {}: {}", queue.getMetadata().getName(), ready.get().getMessage());
            events.warning(queue, EventReason.FAILED, ready.get().getMessage());
        }
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
        String now = ApiTimes.time(clock.instant());
        Long generation = queue.getMetadata().getGeneration();
        var state = consumers.state(key(queue));
        boolean suspended = queue.getSpec().suspended();
        boolean connected = state.map(QueueConsumerRegistry.ConsumerState::connected).orElse(false);
        String brokerReason = suspended ? "Suspended" : connected ? "Connected" : "Connecting";
        String brokerMessage = suspended ? "The consumer is stopped because spec.suspend is true"
                : connected ? "Consuming RabbitMQ queue " + queue.getSpec().getSlug()
                : state.map(QueueConsumerRegistry.ConsumerState::lastError).map(e -> "Not connected to the broker: " + e)
                        .orElse("Connecting to the broker");
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(previous, BROKER_CONNECTED, connected, brokerReason, brokerMessage, now, generation));
        Optional<String> notAllowed = settings.runPolicy().violation(
                EffectiveRunTemplate.resolve(queue.getSpec().getRunTemplate(), settings), settings.jobRunnerImage(),
                settings.runDefaults().serviceAccountName());
        if (notAllowed.isPresent()) {
            conditions.add(condition(previous, READY, false, "RunTemplateNotAllowed",
                    "The run template is not allowed: " + notAllowed.get() + "; its runs fail before they are claimed", now, generation));
        } else {
            conditions.add(condition(previous, READY, connected && !suspended, suspended ? "Suspended" : connected ? "Ready" : "BrokerNotConnected",
                    suspended ? "Consumption is suspended" : connected ? "Runs are received from RabbitMQ queue " + queue.getSpec().getSlug()
                            : "Waiting for the broker connection", now, generation));
        }
        status.setConditions(conditions);

        RunCounts counts = new RunCounts();
        context.getSecondaryResources(TransferRun.class).forEach(r -> counts.count(QueueAdmission.phaseOf(r)));
        status.setRuns(counts);
        runMetrics.runCounts(queue.getMetadata().getNamespace(), queue.getMetadata().getName(), counts);
        status.setLastMessageTime(state.map(QueueConsumerRegistry.ConsumerState::lastMessageTime)
                .map(ApiTimes::time).orElse(previous.getLastMessageTime()));
        status.setObservedGeneration(generation);
        return status;
    }

    private static Condition condition(SyncWorkerQueueStatus previous, String type, boolean value, String reason, String message,
                                                                          String now, Long generation) {
        String text = value ? "True" : "False";
        String since = previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && text.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).findFirst().orElse(now);
        return new ConditionBuilder().withType(type).withStatus(text).withReason(ConditionText.reason(reason))
                .withMessage(ConditionText.sentence(message)).withLastTransitionTime(since).withObservedGeneration(generation).build();
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
