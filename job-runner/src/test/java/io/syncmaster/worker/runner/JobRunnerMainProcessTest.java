package io.syncmaster.worker.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;

/**
 * Starts {@link JobRunnerMain} in a child JVM with Spark's JVM flags, as the image and the standalone worker do, and
 * checks exit codes and messages: help, bad command lines, missing settings, and one real run.
 */
class JobRunnerMainProcessTest {
    private static TestPostgres meta;
    private static ScratchDatabase data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createDatabases() {
        meta = TestPostgres.create("job_runner_main");
        data = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "runner_main");
        People.createSource(data, "source_table", false);
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

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    /** A run of a new transfer between two tables of the data database, in a group of its own. */
    private static long postgresRun(String name, String sourceTable, String targetTable) {
        SyncMasterFixtures fixtures = new SyncMasterFixtures(meta.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        long group = fixtures.group(name, fixtures.user(name));
        long queue = fixtures.queue(group, name).id();
        long connection = fixtures.connection(group, "postgres", "data",
                Map.of("host", "127.0.0.1", "port", 5432, "database_name", data.name(), "additional_params", Map.of()),
                Map.of("type", "basic", "user", "postgres", "password", "irrelevant-with-trust"));
        long transfer = fixtures.transfer(TransferSpec.builder(group, queue, connection, connection)
                .sourceParams(TransferSpec.tableParams("postgres", sourceTable))
                .targetParams(TransferSpec.tableParams("postgres", targetTable)).build());
        return fixtures.run(transfer, "MANUAL");
    }

    private Outcome launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process process = start(env, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return new Outcome(process.exitValue(), Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags").trim().split("\\s+")));
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JobRunnerMain.class.getName());
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().keySet().removeIf(k -> k.toUpperCase().startsWith("SYNCMASTER"));
        builder.environment().putAll(env);
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return builder.start();
    }

    @Test
    void helpExitsZero() throws Exception {
        Outcome outcome = launch(Map.of(), "--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.stdout()).contains("Usage: job-runner").contains("run");
    }

    @Test
    void badCommandLinesExitTwoWithTheReason() throws Exception {
        Outcome missing = launch(Map.of(), "run");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("Missing required option: '--run-id=<runId>'");

        Outcome notANumber = launch(Map.of(), "run", "--run-id", "abc");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.stderr()).contains("Invalid value for option '--run-id'");

        Outcome noCommand = launch(Map.of());
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.stderr()).contains("Missing required subcommand");
    }

    @Test
    void missingSettingsExitOneWithASummary() throws Exception {
        Path terminationLog = tmp.resolve("termination-log");
        Outcome outcome = launch(Map.of("SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString()),
                "run", "--run-id", "1", "--termination-log", terminationLog.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stderr()).contains("side: setup").contains("database.url");
        assertThat(Files.readString(terminationLog)).contains("side: setup").contains("database.url");
    }

    @Test
    void runsATransferInAFreshJvm() throws Exception {
        long runId = postgresRun("main", "public.source_table", "public.target_table");

        Outcome outcome = launch(Map.of("SYNCMASTER__DATABASE__URL", meta.sqlAlchemyUrl(),
                "SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY,
                "SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString()),
                "run", "--run-id", Long.toString(runId), "--termination-log", tmp.resolve("termination-log").toString(),
                "--conf", "spark.sql.shuffle.partitions=2");

        assertThat(outcome.exitCode()).as(outcome.stdout() + outcome.stderr()).isZero();
        assertThat(outcome.stdout()).contains("Run " + runId + " finished: 27 rows written. summary: {\"outcome\":\"succeeded\",\"rows_read\":27,\"rows_written\":27,")
                .contains("spark.sql.shuffle.partitions=2").contains("run=" + runId);
        assertThat(TableContent.rows(data, "target_table", "id")).hasSize(27);
    }

    @Test
    void sigtermDropsTheStagingTableAtOnceAndLeavesTheTarget() throws Exception {
        // a source that yields a row every 5 ms: the run is still copying into its staging table when it is stopped
        data.execute("CREATE FUNCTION public.slowly(i integer) RETURNS integer AS 'SELECT pg_sleep(0.005); SELECT i' LANGUAGE sql",
                "CREATE VIEW public.slow_source AS SELECT public.slowly(g) AS id FROM generate_series(1, 20000) g",
                "CREATE TABLE public.stopped_target (id integer)", "INSERT INTO public.stopped_target VALUES (1)");
        long runId = postgresRun("stop", "public.slow_source", "public.stopped_target");

        Process process = start(Map.of("SYNCMASTER__DATABASE__URL", meta.sqlAlchemyUrl(),
                "SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY,
                "SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString()),
                "run", "--run-id", Long.toString(runId), "--termination-log", tmp.resolve("termination-log").toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (TableContent.stagingTables(data).isEmpty()) {
                assertThat(process.isAlive()).as("still running").isTrue();
                assertThat(System.nanoTime()).as("staging table appears").isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(500);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(TableContent.stagingTables(data)).isEmpty();
        assertThat(TableContent.rows(data, "stopped_target", "id")).extracting(r -> r.get("id")).containsExactly(1L);
        assertThat(Files.readString(tmp.resolve("stdout"))).contains("Stopping: cancelling the run's Spark jobs")
                .contains("Dropped the staging table");
    }
}
