package io.syncmaster.worker.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.config.BrokerAddress;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.standalone.ChildEnvironment;
import io.syncmaster.worker.standalone.JobRunnerInstallation;
import io.syncmaster.worker.standalone.RunListener;
import io.syncmaster.worker.standalone.StandaloneWorker;
import io.syncmaster.worker.standalone.WorkerOptions;
import io.syncmaster.worker.standalone.watchdog.WatchdogAgentJar;
import io.syncmaster.worker.testing.CeleryClient;
import io.syncmaster.worker.testing.JobRunnerBuild;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone worker end to end: the real Celery client publishes, the worker consumes from the machine's
 * RabbitMQ, claims in a real SyncMaster database and starts the real job-runner (a Spark JVM) per run. One worker
 * (concurrency 2) serves the whole class to keep it short: a filtered PG→PG transfer, a missing source table, and a
 * stop request during a run that would otherwise never end.
 */
class StandaloneWorkerE2ETest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//";
    private static final String LOG_URL_TEMPLATE =
            "https://logs.example.com/syncmaster?run={{ run.id }}&correlation_id={{ correlation_id }}";

    private static TestPostgres db;
    private static TransferScenario scenario;
    private static StandaloneWorker worker;
    private static Path dir;
    private static String slug;
    private static final Map<Long, RunStatus> finished = new ConcurrentHashMap<>();
    private static final Map<Long, String> details = new ConcurrentHashMap<>();

    @BeforeAll
    static void startWorker() throws Exception {
        Path jar = JobRunnerBuild.jarOrSkip();
        dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "e2e-standalone-");
        db = TestPostgres.create("e2e_standalone");
        scenario = new TransferScenario(db, new SyncMasterFixtures(db.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY)));
        slug = "9999-e2e_standalone_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("SYNCMASTER_CONFIG_FILE", "/nonexistent/config.yml");
        env.put("SYNCMASTER__DATABASE__URL", db.sqlAlchemyUrl());
        env.put("SYNCMASTER__BROKER__URL", BROKER_URL);
        env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY);
        env.put("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", LOG_URL_TEMPLATE);
        env.put("SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG", JobRunnerBuild.sparkDefaultsJson());
        Settings settings = Settings.load(env);
        Map<String, String> childEnv = new HashMap<>(System.getenv());
        childEnv.keySet().removeIf(k -> k.toUpperCase().startsWith("SYNCMASTER"));
        childEnv.putAll(env);
        JobRunnerInstallation installation = new JobRunnerInstallation(JobRunnerInstallation.currentJava(), jar,
                JobRunnerInstallation.defaultJvmOptions(jar), List.of("-Xmx512m", "-Djava.io.tmpdir=" + dir),
                WatchdogAgentJar.writeTo(dir.resolve("agent")), Map.of(), ChildEnvironment.from(childEnv));
        RunListener listener = new RunListener() {
            @Override
            public void onFinished(long runId, RunStatus status, RunStatus stored, String detail) {
                details.put(runId, detail);
                finished.put(runId, status);
            }
        };
        worker = StandaloneWorker.start(settings, WorkerOptions.defaults(List.of(slug), 2, dir.resolve("state")),
                installation, listener, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(10)).until(worker::isConsuming);
    }

    @AfterAll
    static void stopWorker() throws Exception {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (slug != null) {
                try (Connection c = AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(BROKER_URL)).newConnection();
                     Channel ch = c.createChannel()) {
                    ch.queueDelete(slug);
                    ch.queueDelete(slug + ".invalid");
                    ch.exchangeDelete(slug);
                }
            }
            if (db != null) {
                db.close();
            }
        }
    }

    private static RunRow row(long runId) {
        return new RunRepository(db.dataSource(), Clock.systemUTC()).find(runId).orElseThrow();
    }

    private static void publish(long runId, String correlationId) throws Exception {
        CeleryClient.sendRunTransferTasks(BROKER_URL, slug, List.of(new CeleryClient.Request(runId, correlationId)));
    }

    @Test
    void aFilteredPostgresTransferGoesCreatedStartedFinishedWithTheRowsInTheTarget() throws Exception {
        long runId = scenario.run(scenario.filteredTransfer("standalone_target"));
        publish(runId, "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f");

        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> row(runId).status() != RunStatus.CREATED);
        RunRow started = row(runId);
        assertThat(started.status()).isIn(RunStatus.STARTED, RunStatus.FINISHED);
        await().atMost(RUN_TIMEOUT).until(() -> finished.containsKey(runId));

        RunRow done = row(runId);
        assertThat(done.status()).as(details.get(runId)).isEqualTo(RunStatus.FINISHED);
        assertThat(done.logUrl()).isEqualTo("https://logs.example.com/syncmaster?run=" + runId
                + "&correlation_id=0192f0c1a2b34c5d8e9f0a1b2c3d4e5f");
        assertThat(done.startedAt()).isEqualTo(started.startedAt());
        assertThat(done.endedAt()).isAfter(done.startedAt());
        List<String> expected = scenario.expectedRows();
        assertThat(expected).hasSize(33);
        assertThat(scenario.targetRows("standalone_target")).containsExactlyElementsOf(expected);
    }

    @Test
    void aMissingSourceTableEndsFailedWithTheJobRunnersReason() throws Exception {
        long runId = scenario.run(scenario.missingSourceTransfer("standalone_never"));
        publish(runId, null);

        await().atMost(RUN_TIMEOUT).until(() -> finished.containsKey(runId));
        RunRow done = row(runId);
        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.endedAt()).isNotNull();
        assertThat(details.get(runId)).contains("source").contains("no_such_table");
        assertThat(scenario.tableExists("standalone_never")).isFalse();
    }

    @Test
    void aStopRequestDuringARunKillsTheJobRunnerAndEndsStoppedWithinTenSeconds() throws Exception {
        long runId = scenario.run(scenario.slowTransfer("standalone_stopped"));
        publish(runId, null);
        await().atMost(RUN_TIMEOUT).until(() -> row(runId).status() == RunStatus.STARTED);
        Thread.sleep(3000); // let the job-runner get into the (endless) read

        Instant requested = Instant.now();
        new SyncMasterFixtures(db.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY))
                .setRunStatus(runId, RunStatus.SEND_STOP_SIGNAL);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> row(runId).status() == RunStatus.STOPPED);

        assertThat(Duration.between(requested, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(row(runId).endedAt()).isNotNull();
        assertThat(finished.get(runId)).isEqualTo(RunStatus.STOPPED);
        assertThat(worker.supervisor().executingRunIds()).doesNotContain(runId);
    }
}
