package io.syncmaster.worker.operator;

import com.rabbitmq.client.ConnectionFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.syncmaster.worker.operator.health.DatabaseHealthCheck;
import io.syncmaster.worker.operator.health.HealthCheck;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.db.SyncMasterDatabase;
import io.syncmaster.worker.db.TransferRepository;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.dispatch.ConsumerMetrics;
import io.syncmaster.worker.operator.dispatch.QueueConsumerRegistry;
import io.syncmaster.worker.operator.dispatch.SyncWorkerQueueReconciler;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.celery.BackoffPolicy;
import io.syncmaster.worker.operator.run.TransferRunReconciler;
import io.syncmaster.worker.runspec.RunPreparation;
import io.syncmaster.worker.runspec.RunSpecFactory;
import io.syncmaster.worker.template.LogUrlTemplate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final DatabaseHealthCheck databaseHealth;
    private final LeadershipState leadership;

    /** Whether this replica leads; always true without leader election. */
    private static final class LeadershipState {
        final boolean elected;
        final AtomicBoolean leading;

        LeadershipState(boolean elected) {
            this.elected = elected;
            this.leading = new AtomicBoolean(!elected);
        }
    }

    private SyncMasterOperator(Operator operator, QueueConsumerRegistry consumers, SyncMasterDatabase database, RunMetrics metrics,
                               Clock clock, LeadershipState leadership) {
        this.leadership = leadership;
        this.operator = operator;
        this.consumers = consumers;
        this.database = database;
        this.metrics = metrics;
        this.databaseHealth = new DatabaseHealthCheck(database.dataSource(), clock);
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
            EventPublisher events = new EventPublisher(client, clock, operatorSettings.leaderElection().identity());
            RunJobFactory jobs = new RunJobFactory();
            // The operator decrypts each run's two connections and hands them over in the run's own Secret (design §9).
            RunPreparation preparation = new RunPreparation(
                    new TransferRepository(database.dataSource(), settings.encryption().cipher()),
                    new RunSpecFactory(settings.worker(), settings::hwmStore));
            LogUrlTemplate logUrl = new LogUrlTemplate(settings.worker().logUrlTemplate());

            OperatorSettings.LeaderElection election = operatorSettings.leaderElection();
            LeadershipState leadership = new LeadershipState(election.enabled());
            Operator operator = new Operator(o -> {
                o.withKubernetesClient(client)
                        .withCloseClientOnStop(false)
                        .withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                        .withStopOnInformerErrorDuringStartup(true)
                        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
                if (election.enabled()) {
                    // Only the Lease holder consumes and reconciles; losing the Lease exits the process (JOSDK default).
                    o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                            .aLeaderElectionConfiguration(election.leaseName())
                            .withLeaseNamespace(operatorSettings.namespace())
                            .withIdentity(election.identity())
                            .withExitOnStopLeading(election.exitOnStopLeading())
                            .withLeaderCallbacks(new LeaderCallbacks(
                                    () -> leadership.leading.set(true),
                                    () -> {
                                        // Never consume without the Lease: close every queue consumer at once.
                                        leadership.leading.set(false);
                                        consumers.close();
                                    },
                                    leader -> { }))
                            .build());
                }
            });
            String namespace = operatorSettings.namespace();
            operator.register(new TransferRunReconciler(operatorSettings, database.dataSource(), preparation, jobs, logUrl, events, metrics, clock),
                    c -> c.settingNamespace(namespace).withName(TransferRunReconciler.NAME).withFinalizer(TransferRunReconciler.FINALIZER));
            operator.register(new SyncWorkerQueueReconciler(operatorSettings, consumers, events, new ConsumerMetrics(metrics.registry()), metrics, clock,
                            operatorSettings.resync()),
                    c -> c.settingNamespace(namespace).withName(SyncWorkerQueueReconciler.NAME).withTriggerReconcilerOnAllEvents(true));
            operator.start();
            return new SyncMasterOperator(operator, consumers, database, metrics, clock, leadership);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Liveness: the controllers run (or this replica waits for the Lease). */
    public Map<String, HealthCheck> livenessChecks() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("controllers", () -> operator.getRuntimeInfo().isStarted()
                ? HealthCheck.Result.ok("started") : HealthCheck.Result.failing("not started"));
        return checks;
    }

    /** Readiness: informers synced and healthy, the database answers, every queue consumer is connected. */
    public Map<String, HealthCheck> readinessChecks() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>(livenessChecks());
        checks.put("informers", () -> !leadership.leading.get()
                ? HealthCheck.Result.ok("standby: another replica holds the Lease")
                : operator.getRuntimeInfo().allEventSourcesAreHealthy()
                ? HealthCheck.Result.ok("healthy")
                : HealthCheck.Result.failing("unhealthy: " + operator.getRuntimeInfo().unhealthyEventSources().keySet()));
        checks.put("database", databaseHealth);
        checks.put("broker", () -> consumers.allConnected()
                ? HealthCheck.Result.ok("all queue consumers connected") : HealthCheck.Result.failing("a queue consumer is not connected"));
        return checks;
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
