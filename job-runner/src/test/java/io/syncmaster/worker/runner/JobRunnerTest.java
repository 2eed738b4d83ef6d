package io.syncmaster.worker.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.runner.hwm.FakeHorizon;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.TransferRepository;
import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.runspec.RunSpecCodec;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;

/**
 * The whole run as the Job executes it, against a real SyncMaster database: loading and decrypting, the transfer,
 * the exit code and the termination message, with and without {@code --manage-run-status}; and every kind of bad
 * input failing clearly, without a secret in the output and without touching the target.
 */
class JobRunnerTest {
    /** Trust auth accepts any password, so the connection works and the password can be hunted for in the output. */
    private static final String PASSWORD = "Pa55-w0rd-never-printed";
    private static final String OTHER_KEY = "9qCkNFFbNnvJ2BRdA6v5jF2iyePBfUTEy-D8W7SVoK0=";

    private static TestPostgres meta;
    private static ScratchDatabase data;
    private static SyncMasterFixtures fixtures;
    private static long groupId;
    private static long queueId;
    private static long postgresConnection;
    private static final SharedSpark SPARK = new SharedSpark();

    @TempDir
    Path tmp;
    private ByteArrayOutputStream stderr;

    @BeforeAll
    static void createDatabases() {
        meta = TestPostgres.create("job_runner_meta");
        data = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "runner_data");
        People.createSource(data, "source_table", false);
        data.execute("CREATE TABLE public.sentinel (id integer)", "INSERT INTO public.sentinel VALUES (42)");
        fixtures = new SyncMasterFixtures(meta.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        long owner = fixtures.user("owner");
        groupId = fixtures.group("group one", owner);
        queueId = fixtures.queue(groupId, "queue one").id();
        postgresConnection = connection("postgres", "data");
    }

    @AfterAll
    static void dropDatabases() {
        if (meta != null) {
            meta.close();
        }
        if (data != null) {
            data.close();
        }
    }

    @BeforeEach
    void freshStderr() {
        stderr = new ByteArrayOutputStream();
    }

    private static long connection(String type, String name) {
        Map<String, Object> connectionData = new LinkedHashMap<>();
        connectionData.put("host", "127.0.0.1");
        connectionData.put("port", 5432);
        connectionData.put("database_name", data.name());
        connectionData.put("additional_params", Map.of());
        return fixtures.connection(groupId, type, name, connectionData, Map.of("type", "basic", "user", "postgres", "password", PASSWORD));
    }

    private static long transfer(long source, long target, Object sourceParams, Object targetParams, Object transformations) {
        return fixtures.transfer(TransferSpec.builder(groupId, queueId, source, target)
                .sourceParams(sourceParams).targetParams(targetParams).transformations(transformations).build());
    }

    private static long pgTransfer(String sourceTable, String targetTable) {
        return transfer(postgresConnection, postgresConnection, TransferSpec.tableParams("postgres", "public." + sourceTable),
                TransferSpec.tableParams("postgres", "public." + targetTable), List.of());
    }

    private int run(long runId, boolean manage, String fernetKey) {
        return run(runId, manage, fernetKey, Map.of());
    }

    private int run(long runId, boolean manage, String fernetKey, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("SYNCMASTER__DATABASE__URL", meta.sqlAlchemyUrl());
        env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", fernetKey);
        env.put("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", "https://logs.example/?run={{ run.id }}&cid={{ correlation_id }}");
        env.put("SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString());
        JobRunner runner = new JobRunner(Settings.load(env), SPARK, Clock.systemUTC(), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return runner.run(new RunOptions(runId, manage, tmp.resolve("termination-log"), Map.of(), "cid123"));
    }

    private String terminationMessage() throws IOException {
        return Files.readString(tmp.resolve("termination-log"));
    }

    private static Map<String, Object> runRow(long runId) {
        try (Connection c = meta.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, started_at, ended_at, log_url FROM run WHERE id = " + runId)) {
            rs.next();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("status", rs.getString(1));
            row.put("started_at", rs.getObject(2));
            row.put("ended_at", rs.getObject(3));
            row.put("log_url", rs.getString(4));
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertFailedClearly(int exitCode, String side, String... messageParts) throws IOException {
        assertThat(exitCode).isEqualTo(JobRunner.EXIT_FAILED);
        String summary = terminationMessage();
        assertThat(summary).startsWith("side: " + side + "\n").contains(messageParts);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(summary);
        assertThat(summary).doesNotContain(PASSWORD).doesNotContain(TestKeys.FERNET_KEY).doesNotContain(OTHER_KEY);
        assertThat(TableContent.rows(data, "sentinel", "id")).extracting(r -> r.get("id")).containsExactly(42L);
    }

    @Test
    void runsTheTransferAndLeavesTheRunRowToTheOperator() {
        long runId = fixtures.run(pgTransfer("source_table", "operator_target"), "MANUAL");

        assertThat(run(runId, false, TestKeys.FERNET_KEY)).isEqualTo(JobRunner.EXIT_OK);

        assertThat(TableContent.rows(data, "operator_target", "id")).isEqualTo(TableContent.expectedFull(People.all(), People.COLUMNS));
        assertThat(runRow(runId)).containsEntry("status", "CREATED").containsEntry("started_at", null).containsEntry("log_url", null);
        assertThat(stderr.size()).isZero();
    }

    @Test
    void managesTheWholeLifecycleWhenAsked() {
        long runId = fixtures.run(pgTransfer("source_table", "managed_target"), "MANUAL");

        assertThat(run(runId, true, TestKeys.FERNET_KEY)).isEqualTo(JobRunner.EXIT_OK);

        Map<String, Object> row = runRow(runId);
        assertThat(row).containsEntry("status", "FINISHED").containsEntry("log_url", "https://logs.example/?run=" + runId + "&cid=cid123");
        assertThat(row.get("started_at")).isNotNull();
        assertThat(row.get("ended_at")).isNotNull();
        assertThat(TableContent.rows(data, "managed_target", "id")).hasSize(27);
    }

    @Test
    void managedFailureMarksTheRunFailed() throws IOException {
        long runId = fixtures.run(pgTransfer("no_such_table", "sentinel"), "MANUAL");

        assertFailedClearly(run(runId, true, TestKeys.FERNET_KEY), "source", "public.no_such_table", "does not exist");

        assertThat(runRow(runId)).containsEntry("status", "FAILED");
        assertThat(runRow(runId).get("ended_at")).isNotNull();
    }

    @Test
    void managedModeSkipsARunThatIsNotCreated() {
        long runId = fixtures.run(pgTransfer("source_table", "sentinel"), "MANUAL");
        fixtures.setRunStatus(runId, io.syncmaster.worker.db.RunStatus.FINISHED);

        assertThat(run(runId, true, TestKeys.FERNET_KEY)).isEqualTo(JobRunner.EXIT_OK);

        assertThat(runRow(runId)).containsEntry("status", "FINISHED").containsEntry("started_at", null);
        assertThat(TableContent.rows(data, "sentinel", "id")).hasSize(1);
    }

    @Test
    void aMissingRunIsAClearSetupError() throws IOException {
        assertFailedClearly(run(987_654_321L, false, TestKeys.FERNET_KEY), "setup", "run 987654321 not found");
        stderr.reset();
        assertFailedClearly(run(987_654_321L, true, TestKeys.FERNET_KEY), "setup", "run 987654321 does not exist");
    }

    @Test
    void aWrongFernetKeyIsAClearSetupError() throws IOException {
        long runId = fixtures.run(pgTransfer("source_table", "sentinel"), "MANUAL");

        assertFailedClearly(run(runId, false, OTHER_KEY), "setup", "cannot load run " + runId);
        assertThat(terminationMessage()).containsIgnoringCase("decrypt");
    }

    @Test
    void anUnknownConnectionTypeIsRejected() throws IOException {
        long weird = connection("carrier_pigeon", "weird");
        long runId = fixtures.run(transfer(weird, postgresConnection, TransferSpec.tableParams("carrier_pigeon", "public.source_table"),
                TransferSpec.tableParams("postgres", "public.sentinel"), List.of()), "MANUAL");

        // refused by the pre-claim check (WorkerCapabilities), before either side is touched
        assertFailedClearly(run(runId, false, TestKeys.FERNET_KEY), "setup",
                "source connection " + weird + ": unknown connection type 'carrier_pigeon'");
    }

    @Test
    void paramsThatDoNotMatchTheConnectionTypeAreRejected() throws IOException {
        long runId = fixtures.run(transfer(postgresConnection, postgresConnection, TransferSpec.tableParams("mysql", "public.source_table"),
                TransferSpec.tableParams("postgres", "public.sentinel"), List.of()), "MANUAL");

        assertFailedClearly(run(runId, false, TestKeys.FERNET_KEY), "source",
                "transfer.source_params.type is 'mysql' but source connection " + postgresConnection + " is of type 'postgres'");
    }

    @Test
    void aFilterValueWithAQuoteIsMatchedLiterally() {
        long runId = fixtures.run(transfer(postgresConnection, postgresConnection, TransferSpec.tableParams("postgres", "public.source_table"),
                TransferSpec.tableParams("postgres", "public.quote_target"),
                List.of(Map.of("type", "dataframe_rows_filter", "filters", List.of(
                        Map.of("type", "equal", "field", "REGION", "value", "O'Connell"))))), "MANUAL");

        assertThat(run(runId, false, TestKeys.FERNET_KEY)).isEqualTo(JobRunner.EXIT_OK);
        assertThat(TableContent.rows(data, "quote_target", "id")).extracting(r -> r.get("region")).containsExactly("O'Connell");
    }

    @Test
    void anInvalidCastTypeIsRejectedBeforeAnythingRuns() throws IOException {
        long runId = fixtures.run(transfer(postgresConnection, postgresConnection, TransferSpec.tableParams("postgres", "public.source_table"),
                TransferSpec.tableParams("postgres", "public.sentinel"),
                List.of(Map.of("type", "dataframe_columns_filter", "filters", List.of(
                        Map.of("type", "cast", "field", "NUMBER", "as_type", "text); DROP TABLE public.sentinel; --"))))), "MANUAL");

        assertFailedClearly(run(runId, false, TestKeys.FERNET_KEY), "setup", "is not a plain SQL type name");
    }

    @Test
    void aTargetRefusingTheConnectionIsATargetErrorWithoutThePassword() throws IOException {
        Map<String, Object> refusing = new LinkedHashMap<>();
        refusing.put("host", "127.0.0.1");
        refusing.put("port", 1);
        refusing.put("database_name", data.name());
        long closed = fixtures.connection(groupId, "postgres", "closed port", refusing,
                Map.of("type", "basic", "user", "postgres", "password", PASSWORD));
        long runId = fixtures.run(transfer(postgresConnection, closed, TransferSpec.tableParams("postgres", "public.source_table"),
                TransferSpec.tableParams("postgres", "public.sentinel"), List.of()), "MANUAL");

        assertFailedClearly(run(runId, false, TestKeys.FERNET_KEY), "target", "cannot connect to the target database");
    }

    @Test
    void anIncrementalRunKeepsItsHwmInTheHorizonOfTheSettings() {
        try (FakeHorizon horizon = FakeHorizon.start().password("syncmaster", "h0rizon-" + PASSWORD)) {
            Map<String, String> hwmStore = Map.of("SYNCMASTER__HWM_STORE__ENABLED", "true", "SYNCMASTER__HWM_STORE__TYPE", "horizon",
                    "SYNCMASTER__HWM_STORE__URL", horizon.url() + "/", "SYNCMASTER__HWM_STORE__USER", "syncmaster",
                    "SYNCMASTER__HWM_STORE__PASSWORD", "h0rizon-" + PASSWORD, "SYNCMASTER__HWM_STORE__NAMESPACE", "runner_ns");
            long transferId = fixtures.transfer(TransferSpec.builder(groupId, queueId, postgresConnection, postgresConnection)
                    .strategyParams(Map.of("type", "incremental", "increment_by", "NUMBER"))
                    .sourceParams(TransferSpec.tableParams("postgres", "public.source_table"))
                    .targetParams(TransferSpec.tableParams("postgres", "public.incremental_target")).transformations(List.of()).build());

            assertThat(run(fixtures.run(transferId, "MANUAL"), false, TestKeys.FERNET_KEY, hwmStore)).isEqualTo(JobRunner.EXIT_OK);
            assertThat(run(fixtures.run(transferId, "MANUAL"), false, TestKeys.FERNET_KEY, hwmStore)).isEqualTo(JobRunner.EXIT_OK);

            assertThat(TableContent.rows(data, "incremental_target", "id")).isEqualTo(TableContent.expectedFull(People.all(), People.COLUMNS));
            long namespace = horizon.namespaceId("runner_ns").orElseThrow();
            assertThat(horizon.hwm(namespace, transferId + "_postgres_public.source_table").orElseThrow().path("value").asInt())
                    .isEqualTo(27);
            assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("h0rizon-" + PASSWORD);
        }
    }

    @Test
    void anIncrementalRunWithoutTheHwmStoreFailsAsUpstream() throws IOException {
        long transferId = fixtures.transfer(TransferSpec.builder(groupId, queueId, postgresConnection, postgresConnection)
                .strategyParams(Map.of("type", "incremental", "increment_by", "NUMBER"))
                .sourceParams(TransferSpec.tableParams("postgres", "public.source_table"))
                .targetParams(TransferSpec.tableParams("postgres", "public.sentinel")).transformations(List.of()).build());

        assertFailedClearly(run(fixtures.run(transferId, "MANUAL"), false, TestKeys.FERNET_KEY), "setup",
                "strategy incremental needs the HWM store: set hwm_store.enabled to true");
    }

    // ------------------------------------------------------------------ run spec (design §9)

    /** The spec the operator would write: loaded and decrypted here, with the worker's Spark defaults. */
    private static Path writeSpec(Path dir, long runId, Map<String, String> sparkDefaults) throws IOException {
        RunContext context = new TransferRepository(meta.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY)).load(runId);
        RunSpec spec = new RunSpec(context, sparkDefaults, null);
        return Files.write(dir.resolve("run-spec.json"), RunSpecCodec.encode(spec));
    }

    /** A run pod's settings: no database URL, no Fernet key. */
    private int runWithSpec(long runId, boolean manage, Path spec) {
        Map<String, String> env = Map.of("SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString());
        JobRunner runner = new JobRunner(Settings.load(env), SPARK, Clock.systemUTC(), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return runner.run(new RunOptions(runId, manage, tmp.resolve("termination-log"), Map.of(), null, spec));
    }

    @Test
    void aRunSpecIsEnoughWithoutDatabaseUrlOrFernetKey() throws IOException {
        long runId = fixtures.run(pgTransfer("source_table", "spec_target"), "MANUAL");
        Path spec = writeSpec(tmp, runId, Map.of("spark.sql.shuffle.partitions", "3"));

        assertThat(runWithSpec(runId, false, spec)).isEqualTo(JobRunner.EXIT_OK);

        assertThat(TableContent.rows(data, "spec_target", "id")).isEqualTo(TableContent.expectedFull(People.all(), People.COLUMNS));
        assertThat(runRow(runId)).containsEntry("status", "CREATED").containsEntry("started_at", null);
        assertThat(stderr.size()).isZero();
    }

    @Test
    void aRunSpecOfAnotherRunOrWithManageRunStatusIsRefused() throws IOException {
        long runId = fixtures.run(pgTransfer("source_table", "sentinel"), "MANUAL");
        Path spec = writeSpec(tmp, runId, Map.of());

        assertFailedClearly(runWithSpec(runId + 1000, false, spec), "setup", "describes run " + runId + ", not run " + (runId + 1000));
        stderr.reset();
        assertFailedClearly(runWithSpec(runId, true, spec), "setup", "--run-spec and --manage-run-status exclude each other");
        stderr.reset();
        Files.writeString(spec, "{\"version\": 1, \"password\": \"" + PASSWORD + "\"");
        assertFailedClearly(runWithSpec(runId, false, spec), "setup", "the run spec is not valid JSON");
        assertThat(runRow(runId)).containsEntry("status", "CREATED");
    }

    @Test
    void aDriverPropertyThatReadsLocalFilesIsRefusedBeforeAnyConnection() throws IOException {
        Map<String, Object> connectionData = new LinkedHashMap<>();
        connectionData.put("host", "127.0.0.1");
        connectionData.put("port", 5432);
        connectionData.put("database_name", data.name());
        connectionData.put("additional_params", Map.of("sslfactory", "org.postgresql.ssl.NonValidatingFactory"));
        long hostile = fixtures.connection(groupId, "postgres", "hostile", connectionData,
                Map.of("type", "basic", "user", "postgres", "password", PASSWORD));
        long runId = fixtures.run(transfer(postgresConnection, hostile, TransferSpec.tableParams("postgres", "public.source_table"),
                TransferSpec.tableParams("postgres", "public.sentinel"), List.of()), "MANUAL");

        assertFailedClearly(run(runId, true, TestKeys.FERNET_KEY), "setup",
                "target connection " + hostile + " data.additional_params: property 'sslfactory' is refused");
        Map<String, Object> row = runRow(runId);
        assertThat(row).as("refused before the claim").containsEntry("status", "FAILED").containsEntry("started_at", null);
    }
}
