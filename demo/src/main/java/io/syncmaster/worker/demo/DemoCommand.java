package io.syncmaster.worker.demo;

import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.cli.Subcommand;
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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncmaster-worker demo}: the whole chain on embedded defaults, with nothing installed but Java. An embedded
 * PostgreSQL holds SyncMaster's schema and the demo data, an embedded AMQP broker stands in for RabbitMQ; the demo
 * plays SyncMaster's server (rows and Celery messages exactly as the server writes and publishes them), the
 * standalone worker executes the runs in job-runner JVMs, and the demo checks the outcome: exit 0 only when every
 * run ended as expected and the targets hold exactly the expected rows. Every temporary file lives in one directory,
 * removed at exit.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run SyncMaster transfers end to end on an embedded PostgreSQL and an embedded AMQP broker.",
                "Needs only Java and the built job-runner (see docs/demo.md)."})
public final class DemoCommand implements Subcommand {

    private static final String SCHEMA_RESOURCE = "io/syncmaster/worker/demo/syncmaster_schema.sql";
    private static final String LOG_URL_TEMPLATE =
            "http://logs.example.com/syncmaster/run/{{ run.id }}?correlation_id={{ correlation_id }}";
    private static final String SPARK_DEFAULTS = "{\"spark.driver.host\": \"127.0.0.1\","
            + " \"spark.driver.bindAddress\": \"127.0.0.1\", \"spark.ui.enabled\": \"false\","
            + " \"spark.sql.shuffle.partitions\": \"2\"}";

    @Option(names = "--rows", defaultValue = "100000", description = "rows in the source table (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--concurrency", defaultValue = "2", description = "worker slots (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "give up after this long (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--job-runner-jar", paramLabel = "PATH", defaultValue = "${env:SYNCMASTER_JOB_RUNNER_JAR}",
            description = "the job-runner jar (default: found next to this jar, else job-runner/target/)")
    Path jobRunnerJar;

    @Option(names = "--job-runner-java-options", paramLabel = "OPTIONS", defaultValue = "-Xmx768m",
            description = "JVM options of each job-runner (default: ${DEFAULT-VALUE})")
    String jobRunnerJavaOptions;

    @Option(names = "--keep-files", description = "keep the temporary directory (for inspection)")
    boolean keepFiles;

    @Override
    public Integer call() throws Exception {
        DemoLogging.quiet();
        DemoConsole console = new DemoConsole(System.out);
        Path jar = jobRunnerJar != null ? jobRunnerJar : JobRunnerInstallation.findJar(Path.of("")).orElse(null);
        if (jar == null || !Files.isRegularFile(jar)) {
            System.err.println("demo: the job-runner is not built. Build it with `mvn -B -pl job-runner -am package"
                    + " -DskipTests` (or give --job-runner-jar); looked in "
                    + JobRunnerInstallation.candidates(Path.of("").toAbsolutePath()));
            return 2;
        }
        Path workspace = Files.createTempDirectory("syncmaster-demo-");
        Thread cleanup = new Thread(() -> deleteRecursively(workspace), "demo-cleanup");
        if (!keepFiles) {
            Runtime.getRuntime().addShutdownHook(cleanup); // also on Ctrl-C
        }
        console.step("syncmaster-worker demo: temporary files in %s", workspace);
        try {
            return run(console, jar, workspace);
        } finally {
            if (!keepFiles) {
                deleteRecursively(workspace);
                removeHook(cleanup);
                console.step("Removed %s", workspace);
            }
        }
    }

    private int run(DemoConsole console, Path jar, Path workspace) throws Exception {
        String fernetKey = newFernetKey();
        String etlPassword = randomSecret();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            // zonky's builder creates <java.io.tmpdir>/embedded-pg unless told otherwise: keep it in the workspace
            String previousWorkingDir = System.setProperty("ot.epg.working-dir",
                    workspace.resolve("postgres-binaries").toString());
            EmbeddedPostgres postgres;
            try {
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(workspace.resolve("postgres-binaries").toFile())
                        .setDataDirectory(workspace.resolve("postgres-data"))
                        .setOutputRedirector(ProcessBuilder.Redirect.to(workspace.resolve("postgres.log").toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.to(workspace.resolve("postgres.log").toFile()))
                        .start();
            } finally {
                if (previousWorkingDir == null) {
                    System.clearProperty("ot.epg.working-dir");
                } else {
                    System.setProperty("ot.epg.working-dir", previousWorkingDir);
                }
            }
            resources.add(postgres);
            console.step("Embedded PostgreSQL started on 127.0.0.1:%d", postgres.getPort());
            DataSource admin = postgres.getPostgresDatabase();
            sql(admin, "CREATE ROLE demo_etl LOGIN PASSWORD '" + etlPassword + "'",
                    "CREATE DATABASE syncmaster", "CREATE DATABASE demo_data OWNER demo_etl");
            DataSource syncmasterDb = postgres.getDatabase("postgres", "syncmaster");
            sql(syncmasterDb, schemaSql());
            console.step("Loaded SyncMaster's schema (alembic head 0012) into database 'syncmaster'");
            DataSource data = postgres.getDatabase("postgres", "demo_data");
            sql(data, "SET ROLE demo_etl",
                    "CREATE TABLE public.orders (id bigint PRIMARY KEY, region text NOT NULL, amount numeric(10, 2)"
                            + " NOT NULL, customer text, created_at timestamptz NOT NULL)",
                    "INSERT INTO public.orders SELECT g, (ARRAY['north', 'south', 'east', 'west'])[g % 4 + 1],"
                            + " (g * 37 % 10000) / 100.0, 'customer ' || (g % 997),"
                            + " timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute'"
                            + " FROM generate_series(1, " + rows + ") g");
            console.step("Source table demo_data.public.orders: %,d rows", rows);

            EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(workspace.resolve("broker"), randomSecret());
            resources.add(broker);
            console.step("Embedded AMQP 0-9-1 broker (Qpid Broker-J, in memory) on 127.0.0.1:%d, vhost '%s'",
                    broker.port(), EmbeddedAmqpBroker.VIRTUAL_HOST);

            Map<String, String> env = new LinkedHashMap<>();
            env.put(Settings.CONFIG_FILE_VARIABLE, workspace.resolve("no-config.yml").toString());
            env.put("SYNCMASTER__DATABASE__URL", "postgresql+asyncpg://postgres@127.0.0.1:" + postgres.getPort()
                    + "/syncmaster");
            env.put("SYNCMASTER__BROKER__URL", broker.kombuUrl());
            env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", fernetKey);
            env.put("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", LOG_URL_TEMPLATE);
            env.put("SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG", SPARK_DEFAULTS);
            Settings settings = Settings.load(env);

            Scenario scenario = seed(syncmasterDb, new CredentialCipher(fernetKey), postgres.getPort(), etlPassword);
            console.step("SyncMaster rows: queue '%s', 2 connections (credentials Fernet-encrypted), %d transfers,"
                    + " %d CREATED runs", scenario.slug(), scenario.expectations().size(), scenario.expectations().size());

            Map<String, String> childEnv = new HashMap<>(System.getenv());
            childEnv.keySet().removeIf(k -> k.toUpperCase(Locale.ROOT).startsWith("SYNCMASTER"));
            childEnv.putAll(env);
            JobRunnerInstallation installation = new JobRunnerInstallation(JobRunnerInstallation.currentJava(), jar,
                    JobRunnerInstallation.defaultJvmOptions(jar), splitOptions(jobRunnerJavaOptions, workspace),
                    WatchdogAgentJar.writeTo(workspace.resolve("worker-state").resolve("agent")), Map.of(),
                    ChildEnvironment.from(childEnv));
            ProgressListener progress = new ProgressListener(console);
            StandaloneWorker worker = StandaloneWorker.start(settings,
                    WorkerOptions.defaults(List.of(scenario.slug()), concurrency, workspace.resolve("worker-state")),
                    installation, progress, Clock.systemUTC());
            resources.add(worker);
            console.step("Standalone worker consuming '%s' with concurrency %d (job-runner %s)", scenario.slug(),
                    concurrency, installation.jar());

            ConnectionFactory amqp = AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(broker.kombuUrl()));
            broker.routeDefaultExchangeLikeRabbitMq(amqp, scenario.slug());
            try (CeleryTaskPublisher server = new CeleryTaskPublisher(amqp)) {
                for (Expectation e : scenario.expectations()) {
                    String taskId = server.sendRunTransferTask(scenario.slug(), e.runId(), "demo-request-" + e.runId());
                    console.step("Published run_transfer_task(run_id=%d) as Celery task %s (%s)", e.runId(), taskId,
                            e.description());
                }
            }

            RunRepository runs = new RunRepository(syncmasterDb, Clock.systemUTC());
            boolean allEnded = awaitRuns(console, progress, scenario, runs);
            worker.close();
            resources.remove(worker);
            return report(console, scenario, runs, data, allEnded);
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    console.step("Closing %s failed: %s", resources.get(i).getClass().getSimpleName(), e);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- scenario

    /** What one run is expected to do. */
    record Expectation(long runId, String description, RunStatus status, String targetTable, String expectedRowsQuery) {
    }

    record Scenario(String slug, List<Expectation> expectations) {
    }

    private Scenario seed(DataSource syncmasterDb, CredentialCipher cipher, int port, String etlPassword)
            throws SQLException {
        DemoSyncMaster server = new DemoSyncMaster(syncmasterDb, cipher);
        long user = server.user("demo");
        long group = server.group("demo", user);
        long[] queueId = new long[1];
        String slug = server.queue(group, "Demo queue", queueId);
        Map<String, Object> data = DemoSyncMaster.ordered("host", "127.0.0.1", "port", port, "database_name",
                "demo_data", "additional_params", Map.of());
        Map<String, Object> auth = DemoSyncMaster.ordered("type", "basic", "user", "demo_etl", "password", etlPassword);
        DemoSyncMaster.ConnectionRow source = server.connection(group, "demo source", data, auth);
        DemoSyncMaster.ConnectionRow target = server.connection(group, "demo target", data, auth);

        var north = server.transfer(group, queueId[0], "north orders over 50", source, target, "public.orders",
                "public.orders_north", List.of(
                        DemoSyncMaster.ordered("type", "dataframe_rows_filter", "filters", List.of(
                                DemoSyncMaster.ordered("type", "equal", "field", "region", "value", "north"),
                                DemoSyncMaster.ordered("type", "greater_than", "field", "amount", "value", "50"))),
                        DemoSyncMaster.ordered("type", "dataframe_columns_filter", "filters", List.of(
                                DemoSyncMaster.ordered("type", "include", "field", "id"),
                                DemoSyncMaster.ordered("type", "include", "field", "amount"),
                                DemoSyncMaster.ordered("type", "include", "field", "customer")))));
        var large = server.transfer(group, queueId[0], "large orders", source, target, "public.orders",
                "public.orders_large", List.of(DemoSyncMaster.ordered("type", "dataframe_rows_filter", "filters",
                        List.of(DemoSyncMaster.ordered("type", "greater_or_equal", "field", "amount", "value", "99")))));
        var missing = server.transfer(group, queueId[0], "archive (source table missing)", source, target,
                "public.orders_archive", "public.orders_archive_copy", List.of());

        List<Expectation> expectations = List.of(
                new Expectation(server.run(north), "north orders over 50 -> public.orders_north", RunStatus.FINISHED,
                        "public.orders_north", "SELECT id, amount, customer FROM public.orders"
                                + " WHERE region = 'north' AND amount > 50"),
                new Expectation(server.run(large), "orders >= 99 -> public.orders_large", RunStatus.FINISHED,
                        "public.orders_large", "SELECT id, region, amount, customer, created_at FROM public.orders"
                                + " WHERE amount >= 99"),
                new Expectation(server.run(missing), "missing source table: must fail", RunStatus.FAILED,
                        null, null));
        return new Scenario(slug, expectations);
    }

    // ---------------------------------------------------------------------------------------------- waiting, report

    private boolean awaitRuns(DemoConsole console, ProgressListener progress, Scenario scenario, RunRepository runs)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        Instant nextStatus = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (scenario.expectations().stream().allMatch(e -> progress.ended(e.runId()))) {
                return true;
            }
            if (Instant.now().isAfter(nextStatus)) {
                List<String> states = new ArrayList<>();
                for (Expectation e : scenario.expectations()) {
                    states.add("run " + e.runId() + " " + runs.find(e.runId()).map(r -> r.status().name()).orElse("?"));
                }
                console.step("Waiting: %s", String.join(", ", states));
                nextStatus = Instant.now().plusSeconds(10);
            }
            Thread.sleep(200);
        }
        console.step("Timed out after %d s", timeoutSeconds);
        return false;
    }

    private int report(DemoConsole console, Scenario scenario, RunRepository runs, DataSource data, boolean allEnded)
            throws SQLException {
        boolean ok = allEnded;
        console.step("Final run rows:");
        for (Expectation e : scenario.expectations()) {
            RunRow row = runs.find(e.runId()).orElse(null);
            boolean asExpected = row != null && row.status() == e.status() && row.startedAt() != null
                    && row.endedAt() != null;
            ok &= asExpected;
            console.detail(String.format(Locale.ROOT, "run %d [%s] status=%s (expected %s) started_at=%s ended_at=%s",
                    e.runId(), asExpected ? "ok" : "UNEXPECTED", row == null ? "missing" : row.status(), e.status(),
                    row == null ? null : row.startedAt(), row == null ? null : row.endedAt()));
            console.detail("    log_url=" + (row == null ? null : row.logUrl()) + "   (" + e.description() + ")");
        }
        for (Expectation e : scenario.expectations()) {
            if (e.targetTable() == null) {
                continue;
            }
            String expected = "(" + e.expectedRowsQuery() + ")";
            String target = "(SELECT * FROM " + e.targetTable() + ")";
            long targetRows = count(data, "SELECT count(*) FROM " + e.targetTable());
            long expectedRows = count(data, "SELECT count(*) FROM " + expected + " x");
            long different = count(data, "SELECT count(*) FROM ((" + expected + " EXCEPT ALL " + target + ") UNION ALL ("
                    + target + " EXCEPT ALL " + expected + ")) d");
            boolean same = targetRows == expectedRows && different == 0;
            ok &= same;
            console.step("Target %s: %,d rows, expected %,d, %d differing -> %s", e.targetTable(), targetRows,
                    expectedRows, different, same ? "identical" : "DIFFERENT");
            for (String line : firstRows(data, "SELECT * FROM " + e.targetTable() + " ORDER BY id LIMIT 3")) {
                console.detail(line);
            }
        }
        console.step(ok ? "Demo succeeded: every run ended as expected (%.1f s)"
                : "Demo FAILED: see above (%.1f s)", console.elapsedSeconds());
        return ok ? 0 : 1;
    }

    private static long count(DataSource data, String query) throws SQLException {
        try (Connection c = data.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> firstRows(DataSource data, String query) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = data.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i == 1 ? "" : ", ").append(rs.getMetaData().getColumnName(i)).append('=')
                            .append(rs.getString(i));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /** Prints the worker's events as they happen and remembers which runs ended. */
    private static final class ProgressListener implements RunListener {
        private final DemoConsole console;
        private final Map<Long, RunStatus> ended = new ConcurrentHashMap<>();

        ProgressListener(DemoConsole console) {
            this.console = console;
        }

        boolean ended(long runId) {
            return ended.containsKey(runId);
        }

        @Override
        public void onStarted(RunRow claimed) {
            console.step("Run %d: CREATED -> STARTED, job-runner JVM starting (log_url %s)", claimed.id(),
                    claimed.logUrl());
        }

        @Override
        public void onSkipped(long runId, String reason) {
            console.step("Run %d skipped: %s", runId, reason);
            ended.put(runId, RunStatus.CREATED);
        }

        @Override
        public void onStopping(long runId, String reason) {
            console.step("Run %d: stopping (%s)", runId, reason);
        }

        @Override
        public void onFinished(long runId, RunStatus status, RunStatus stored, String detail) {
            console.step("Run %d: STARTED -> %s", runId, stored);
            if (status != RunStatus.FINISHED) {
                for (String line : detail.split("\n")) {
                    console.detail(line);
                }
            }
            ended.put(runId, Objects.requireNonNullElse(stored, status));
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String schemaSql() throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + SCHEMA_RESOURCE + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void sql(DataSource dataSource, String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    /** A fresh Fernet key: 32 random bytes, URL-safe base64 with padding (as {@code Fernet.generate_key()}). */
    static String newFernetKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y');
    }

    private static List<String> splitOptions(String options, Path workspace) {
        List<String> list = new ArrayList<>();
        if (options != null && !options.isBlank()) {
            list.addAll(List.of(options.trim().split("\\s+")));
        }
        try {
            list.add("-Djava.io.tmpdir=" + Files.createDirectories(workspace.resolve("job-runner-tmp")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return list;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
