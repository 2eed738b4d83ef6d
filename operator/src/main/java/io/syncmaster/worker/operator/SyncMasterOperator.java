package io.syncmaster.worker.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.db.SyncMasterDatabase;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.dispatch.ConsumerMetrics;
import io.syncmaster.worker.operator.dispatch.QueueConsumerRegistry;
import io.syncmaster.worker.operator.dispatch.SyncWorkerQueueReconciler;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.operator.queue.AmqpConnections;
import io.syncmaster.worker.operator.queue.BackoffPolicy;
import io.syncmaster.worker.operator.run.TransferRunReconciler;
import io.syncmaster.worker.template.LogUrlTemplate;
import java.time.Clock;
import java.util.Map;

/**
 * The operator as one object: the JOSDK {@link Operator} with the TransferRun and SyncWorkerQueue controllers,
 * the queue consumers and the database pool. Production ({@code Main operator}) and the integration tests build
 * it the same way, so tests exercise the production wiring.
 */
public final class SyncMasterOperator implements AutoCloseable {
    private final Operator operator;
    private final QueueConsumerRegistry consumers;
    private final SyncMasterDatabase database;
    private final RunMetrics metrics;

    private SyncMasterOperator(Operator operator, QueueConsumerRegistry consumers, SyncMasterDatabase database, RunMetrics metrics) {
        this.operator = operator;
        this.consumers = consumers;
        this.database = database;
        this.metrics = metrics;
    }

    /**
     * Builds and starts the operator.
     *
     * @param settings SyncMaster settings (database, broker, worker sections)
     * @param operatorSettings the {@code operator} section
     * @param client Kubernetes client (not closed by the operator)
     * @param metrics where the operator's metrics go
     * @param clock time source (tests move it)
     */
    public static SyncMasterOperator start(Settings settings, OperatorSettings operatorSettings, KubernetesClient client,
                                                                                  RunMetrics metrics, Clock clock) {
        SyncMasterDatabase database = SyncMasterDatabase.open(settings.database().jdbc(), "syncmaster-operator", 8);
        try {
            ConnectionFactory amqp = AmqpConnections.factoryFor(settings.broker().address());
            QueueConsumerRegistry consumers = new QueueConsumerRegistry(amqp, operatorSettings.prefetch(), BackoffPolicy.defaults());
            EventPublisher events = new EventPublisher(client, clock, "syncmaster-worker");
            Map<String, String> sparkDefaults = settings.worker().sparkSessionDefaultConfig();
            RunJobFactory jobs = new RunJobFactory(operatorSettings.jobSecretName(),
                    sparkDefaults.isEmpty() ? null : new ObjectMapper().valueToTree(sparkDefaults).toString());
            LogUrlTemplate logUrl = new LogUrlTemplate(settings.worker().logUrlTemplate());

            Operator operator = new Operator(o -> o
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withStopOnInformerErrorDuringStartup(true));
            String namespace = operatorSettings.namespace();
            operator.register(new TransferRunReconciler(operatorSettings, database.dataSource(), jobs, logUrl, events, metrics, clock),
                    c -> c.settingNamespace(namespace).withName(TransferRunReconciler.NAME).withFinalizer(TransferRunReconciler.FINALIZER));
            operator.register(new SyncWorkerQueueReconciler(consumers, events, new ConsumerMetrics(metrics.registry()), metrics, clock,
                            operatorSettings.resync()),
                    c -> c.settingNamespace(namespace).withName(SyncWorkerQueueReconciler.NAME));
            operator.start();
            return new SyncMasterOperator(operator, consumers, database, metrics);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public QueueConsumerRegistry consumers() {
        return consumers;
    }

    public RunMetrics metrics() {
        return metrics;
    }

    public Operator operator() {
        return operator;
    }

    /** Stops consuming first (unacked messages go back to RabbitMQ), then the controllers, then the pool. */
    @Override
    public void close() {
        consumers.close();
        operator.stop();
        database.close();
    }
}
