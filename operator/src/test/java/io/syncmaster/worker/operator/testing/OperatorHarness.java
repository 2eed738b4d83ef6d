package io.syncmaster.worker.operator.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.celery.testing.CeleryTestPublisher;
import io.syncmaster.worker.config.BrokerAddress;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.operator.SyncMasterOperator;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.SyncWorkerQueueSpec;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Everything an operator integration test needs, real where it can be: a fresh PostgreSQL database with
 * SyncMaster's schema, uniquely named RabbitMQ queues on the machine's broker, the CRUD mock Kubernetes API with
 * the CRDs, the fake job controller, and the production {@link SyncMasterOperator} wired to all of them.
 */
public final class OperatorHarness implements AutoCloseable {
    public static final String NAMESPACE = "syncmaster";
    public static final String BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//";

    private final TestPostgres db;
    private final SyncMasterFixtures fixtures;
    private final MockKubernetes kube;
    private final FakeJobController jobController;
    private final Map<String, String> env;
    private final CeleryTestPublisher publisher;
    private final List<String> slugs = new ArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private SyncMasterOperator operator;
    private KubernetesClient operatorClient;
    private long transferId;

    private OperatorHarness(Function<Job, FakeJobController.PodBehavior> behaviors, Map<String, String> extraEnv) throws Exception {
        db = TestPostgres.create("operator_it");
        fixtures = new SyncMasterFixtures(db.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        kube = MockKubernetes.start(NAMESPACE);
        jobController = new FakeJobController(kube.client(), NAMESPACE, behaviors);
        env = new HashMap<>();
        env.put("SYNCMASTER_CONFIG_FILE", "/nonexistent/config.yml");
        env.put("SYNCMASTER__DATABASE__URL", db.sqlAlchemyUrl());
        env.put("SYNCMASTER__BROKER__URL", BROKER_URL);
        env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY);
        env.put("SYNCMASTER__WORKER__LOG_URL_TEMPLATE",
                "https://logs.example.com/syncmaster-worker?correlation_id={{ correlation_id }}&run_id={{ run.id }}&job={{ job_name }}");
        env.put("SYNCMASTER__OPERATOR__NAMESPACE", NAMESPACE);
        env.put("SYNCMASTER__OPERATOR__RESYNC_SECONDS", "1");
        env.putAll(extraEnv);
        publisher = new CeleryTestPublisher(brokerFactory());
    }

    private RunMetrics metrics = RunMetrics.discarding();

    public static OperatorHarness start(Function<Job, FakeJobController.PodBehavior> behaviors) throws Exception {
        return start(behaviors, Map.of());
    }

    public static OperatorHarness start(Function<Job, FakeJobController.PodBehavior> behaviors, Map<String, String> extraEnv)
            throws Exception {
        return start(behaviors, extraEnv, RunMetrics.discarding());
    }

    /** As above, the operator recording into {@code metrics} (a test that scrapes a real registry). */
    public static OperatorHarness start(Function<Job, FakeJobController.PodBehavior> behaviors, Map<String, String> extraEnv,
            RunMetrics metrics) throws Exception {
        OperatorHarness h = new OperatorHarness(behaviors, extraEnv);
        h.metrics = metrics;
        try {
            h.startOperator();
            return h;
        } catch (Exception | Error e) {
            h.close();
            throw e;
        }
    }

    /** The SyncMaster environment the operator runs with (settings for a child process; holds test credentials only). */
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    public Settings settings() {
        return Settings.load(env);
    }

    public void startOperator() {
        Settings settings = settings();
        operatorClient = kube.newClient();
        operator = SyncMasterOperator.start(settings, OperatorSettings.from(settings, Map.of("POD_NAME", "operator-0")), operatorClient,
                metrics, Clock.systemUTC());
    }

    /** Starts one more replica, with its own client and identity (for leader election tests); the caller closes it. */
    public SyncMasterOperator startReplica(String identity) {
        Settings settings = settings();
        return SyncMasterOperator.start(settings, OperatorSettings.from(settings, Map.of("POD_NAME", identity)), kube.newClient(),
                RunMetrics.discarding(), Clock.systemUTC());
    }

    /** Kills the operator (consumers, controllers, pool) as a crash or a rollout would, and starts a new one. */
    public void restartOperator() {
        stopOperator();
        startOperator();
    }

    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operatorClient.close();
            operator = null;
        }
    }

    public SyncMasterOperator operator() {
        return operator;
    }

    public ConnectionFactory brokerFactory() {
        return AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(BROKER_URL));
    }

    public String uniqueSlug(String name) {
        String slug = "it-" + name + "-" + suffix;
        slugs.add(slug);
        return slug;
    }

    /** Creates the SyncWorkerQueue {@code name} consuming {@code slug}. */
    public SyncWorkerQueue createQueue(String name, String slug, Integer maxConcurrentRuns, RunTemplate template) {
        SyncWorkerQueue q = new SyncWorkerQueue();
        q.getMetadata().setName(name);
        q.getMetadata().setNamespace(NAMESPACE);
        SyncWorkerQueueSpec spec = new SyncWorkerQueueSpec();
        spec.setSlug(slug);
        spec.setMaxConcurrentRuns(maxConcurrentRuns);
        spec.setRunTemplate(template);
        q.setSpec(spec);
        return kube.client().resource(q).create();
    }

    /** Inserts a CREATED run as SyncMaster's server does (one shared transfer per harness). */
    public long newRun() {
        if (transferId == 0) {
            long user = fixtures.user("owner-" + suffix);
            long group = fixtures.group("group-" + suffix, user);
            var queue = fixtures.queue(group, "queue-" + suffix);
            long src = fixtures.connection(group, "postgres", "src-" + suffix,
                    Map.of("host", "127.0.0.1", "port", 5432, "database_name", "src", "additional_params", Map.of()),
                    Map.of("type", "basic", "user", "u", "password", "source-secret"));
            long dst = fixtures.connection(group, "postgres", "dst-" + suffix,
                    Map.of("host", "127.0.0.1", "port", 5432, "database_name", "dst", "additional_params", Map.of()),
                    Map.of("type", "basic", "user", "u", "password", "target-secret"));
            transferId = fixtures.transfer(TransferSpec.builder(group, queue.id(), src, dst)
                    .sourceParams(TransferSpec.tableParams("postgres", "public.source"))
                    .targetParams(TransferSpec.tableParams("postgres", "public.target"))
                    .build());
        }
        return fixtures.run(transferId, "MANUAL");
    }

    public RunRow row(long runId) {
        return new RunRepository(db.dataSource(), Clock.systemUTC()).find(runId).orElseThrow();
    }

    public Optional<RunRow> findRow(long runId) {
        return new RunRepository(db.dataSource(), Clock.systemUTC()).find(runId);
    }

    /** Runs SQL against SyncMaster's database, as its server would (stop button, deletions). */
    public void sql(String statement, Object... args) {
        try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public TransferRun transferRun(long runId) {
        return kube.client().resources(TransferRun.class).inNamespace(NAMESPACE).withName(TransferRun.nameFor(runId)).get();
    }

    public KubernetesClient client() {
        return kube.client();
    }

    /** The mock API server (e.g. to observe the requests of the operator's own client). */
    public MockKubernetes kubernetes() {
        return kube;
    }

    public FakeJobController jobController() {
        return jobController;
    }

    public CeleryTestPublisher publisher() {
        return publisher;
    }

    public TestPostgres database() {
        return db;
    }

    public SyncMasterFixtures fixtures() {
        return fixtures;
    }

    /**
     * Stops everything; then fails when the strict API server refused any write during the test (an Event, a status
     * write, a Job): the operator only logs a refused Event, so without this check such a bug would pass unnoticed.
     */
    @Override
    public void close() throws Exception {
        stopOperator();
        jobController.close();
        List<MockKubernetes.RejectedWrite> rejected = kube.rejections();
        try (Connection c = brokerFactory().newConnection(); Channel ch = c.createChannel()) {
            for (String slug : slugs) {
                ch.queueDelete(slug);
                ch.queueDelete(slug + ".invalid");
                ch.exchangeDelete(slug);
            }
        } catch (Exception e) {
            // best effort: the names are unique per test run
        }
        publisher.close();
        kube.close();
        db.close();
        if (!rejected.isEmpty()) {
            throw new AssertionError("kube-apiserver would have refused " + rejected.size() + " write(s): " + rejected.stream()
                    .map(r -> r.method() + " " + r.path() + " -> " + r.rejection().code() + " " + r.rejection().message())
                    .distinct().limit(5).toList());
        }
    }
}
