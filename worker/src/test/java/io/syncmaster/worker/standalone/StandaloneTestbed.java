package io.syncmaster.worker.standalone;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.syncmaster.worker.config.BrokerAddress;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.standalone.watchdog.WatchdogAgentJar;
import io.syncmaster.worker.celery.testing.CeleryTestPublisher;
import io.syncmaster.worker.testing.QueueRef;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A standalone worker test's world: a fresh SyncMaster database, a unique queue on the machine's RabbitMQ, a Celery-
 * exact publisher, a scratch directory under {@code target/tmp}, and the worker itself (started by the test). Closing
 * stops the worker and removes everything, also after a failure.
 */
final class StandaloneTestbed implements AutoCloseable {

    static final String BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//";
    static final String LOG_URL_TEMPLATE = "https://logs.example.com/runs/{{ run.id }}?correlation_id={{ correlation_id }}";

    final TestPostgres db;
    final SyncMasterFixtures fixtures;
    final CeleryTestPublisher publisher;
    final Path dir;
    final String slug;
    final RecordingRunListener events = new RecordingRunListener();
    final Map<String, String> env = new HashMap<>();
    private final QueueRef queue;
    private final long groupId;
    private long transferId;
    private StandaloneWorker worker;

    private StandaloneTestbed(String name) throws Exception {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()),
                "standalone-");
        db = TestPostgres.create("standalone_" + name);
        fixtures = new SyncMasterFixtures(db.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long user = fixtures.user("owner-" + suffix);
        groupId = fixtures.group("group-" + suffix, user);
        queue = fixtures.queue(groupId, "standalone " + name + " " + suffix);
        slug = queue.slug();
        publisher = new CeleryTestPublisher(AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(BROKER_URL)));
        env.put("SYNCMASTER_CONFIG_FILE", "/nonexistent/config.yml");
        env.put("SYNCMASTER__DATABASE__URL", db.sqlAlchemyUrl());
        env.put("SYNCMASTER__BROKER__URL", BROKER_URL);
        env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY);
        env.put("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", LOG_URL_TEMPLATE);
    }

    static StandaloneTestbed create(String name) throws Exception {
        return new StandaloneTestbed(name);
    }

    Settings settings() {
        return Settings.load(env);
    }

    long groupId() {
        return groupId;
    }

    QueueRef queue() {
        return queue;
    }

    /** A launcher that starts {@link FakeJobRunner} through the production {@link JobRunnerInstallation}. */
    JobRunnerInstallation fakeLauncher() throws IOException {
        Path jar = FakeJobRunnerJar.create(dir.resolve("fake-job-runner"));
        Map<String, String> parentEnv = new HashMap<>(System.getenv());
        parentEnv.putAll(env);
        parentEnv.put("FAKE_JOB_RUNNER_DIR", dir.toString());
        return new JobRunnerInstallation(JobRunnerInstallation.currentJava(), jar,
                JobRunnerInstallation.defaultJvmOptions(jar), List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"),
                WatchdogAgentJar.writeTo(dir.resolve("agent")), Map.of(), ChildEnvironment.from(parentEnv));
    }

    WorkerOptions options(int concurrency) {
        return WorkerOptions.defaults(List.of(slug), concurrency, dir.resolve("state"))
                .withKillGrace(Duration.ofSeconds(2));
    }

    StandaloneWorker startWorker(WorkerOptions options, ChildLauncher launcher) throws InterruptedException {
        worker = StandaloneWorker.start(settings(), options, launcher, events, Clock.systemUTC());
        long deadline = System.currentTimeMillis() + 10_000;
        while (!worker.isConsuming() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return worker;
    }

    StandaloneWorker worker() {
        return worker;
    }

    /** A transfer between two placeholder connections (the fake job-runner never reads them). */
    long transfer() {
        if (transferId == 0) {
            Map<String, Object> data = Map.of("host", "127.0.0.1", "port", 5432, "database_name", "unused",
                    "additional_params", Map.of());
            long src = fixtures.connection(groupId, "postgres", "src-" + UUID.randomUUID(), data,
                    Map.of("type", "basic", "user", "u", "password", "source-secret"));
            long dst = fixtures.connection(groupId, "postgres", "dst-" + UUID.randomUUID(), data,
                    Map.of("type", "basic", "user", "u", "password", "target-secret"));
            transferId = fixtures.transfer(TransferSpec.builder(groupId, queue.id(), src, dst)
                    .sourceParams(TransferSpec.tableParams("postgres", "public.source"))
                    .targetParams(TransferSpec.tableParams("postgres", "public.target"))
                    .build());
        }
        return transferId;
    }

    /** A CREATED run whose fake job-runner will do {@code behavior}. */
    long newRun(String behavior) throws IOException {
        long runId = fixtures.run(transfer(), "MANUAL");
        Files.writeString(dir.resolve("behavior-" + runId), behavior);
        return runId;
    }

    void publish(long runId) throws Exception {
        publisher.sendRun(slug, runId, "corr-" + runId);
    }

    RunRow row(long runId) {
        return new RunRepository(db.dataSource(), Clock.systemUTC()).find(runId).orElseThrow();
    }

    /** The pid the fake job-runner of this run recorded, if it started. */
    Long childPid(long runId) throws IOException {
        Path started = dir.resolve("started-" + runId);
        return Files.exists(started) ? Long.valueOf(Files.readString(started).split(" ")[0]) : null;
    }

    boolean childStarted(long runId) {
        return Files.exists(dir.resolve("started-" + runId));
    }

    String childEnv(long runId) throws IOException {
        return Files.readString(dir.resolve("env-" + runId));
    }

    /** Messages ready in the queue (not delivered to any consumer). */
    long readyMessages() throws Exception {
        try (Connection c = AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(BROKER_URL)).newConnection();
             Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(slug).getMessageCount();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            try (Connection c = AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(BROKER_URL)).newConnection();
                 Channel ch = c.createChannel()) {
                ch.queueDelete(slug);
                ch.queueDelete(slug + ".invalid");
                ch.exchangeDelete(slug);
            } catch (Exception e) {
                // best effort: the names are unique
            }
            publisher.close();
            db.close();
            deleteRecursively(dir);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
