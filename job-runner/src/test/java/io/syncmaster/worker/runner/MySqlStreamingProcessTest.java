package io.syncmaster.worker.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;

/**
 * MySQL sources stream (issue 11): a MariaDB table holding more bytes than the run JVM's whole heap is transferred by
 * {@link JobRunnerMain} in a child JVM with {@code -Xmx512m} (Spark's local mode refuses heaps under 450 MB). Without
 * a server-side cursor, Connector/J would buffer the whole result set and the run would die of OutOfMemoryError.
 */
class MySqlStreamingProcessTest {
    private static final String HEAP = "512m";
    private static final long HEAP_BYTES = 512L << 20;
    private static final int ROWS = 640_000;
    private static TestPostgres meta;
    private static ScratchDatabase mysql;
    private static ScratchDatabase postgres;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createDatabases() {
        meta = TestPostgres.create("mysql_streaming");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "streaming");
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "streaming");
        mysql.execute("CREATE TABLE " + mysql.name() + ".big (id bigint PRIMARY KEY, payload text)",
                "INSERT INTO " + mysql.name() + ".big SELECT seq, REPEAT(CHAR(65 + seq % 26), 1000) FROM seq_1_to_" + ROWS);
    }

    @AfterAll
    static void dropDatabases() {
        for (AutoCloseable db : new AutoCloseable[] {meta, mysql, postgres}) {
            try {
                if (db != null) {
                    db.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long scalar(ScratchDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTableLargerThanTheHeapStreamsThrough() throws Exception {
        assertThat(scalar(mysql, "SELECT SUM(LENGTH(payload)) FROM " + mysql.name() + ".big")).isGreaterThan(HEAP_BYTES);
        SyncMasterFixtures fixtures = new SyncMasterFixtures(meta.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        long group = fixtures.group("streaming", fixtures.user("streaming"));
        long queue = fixtures.queue(group, "streaming").id();
        long source = fixtures.connection(group, "mysql", "mariadb",
                Map.of("host", "127.0.0.1", "port", 3306, "database_name", mysql.name(), "additional_params", Map.of()),
                Map.of("type", "basic", "user", "root", "password", ""));
        long target = fixtures.connection(group, "postgres", "pg",
                Map.of("host", "127.0.0.1", "port", 5432, "database_name", postgres.name(), "additional_params", Map.of()),
                Map.of("type", "basic", "user", "postgres", "password", "irrelevant-with-trust"));
        long transfer = fixtures.transfer(TransferSpec.builder(group, queue, source, target)
                .sourceParams(TransferSpec.tableParams("mysql", mysql.name() + ".big"))
                .targetParams(TransferSpec.tableParams("postgres", "public.big")).build());
        long runId = fixtures.run(transfer, "MANUAL");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags").trim().split("\\s+")));
        command.add("-Xmx" + HEAP);
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JobRunnerMain.class.getName());
        command.addAll(List.of("run", "--run-id", Long.toString(runId), "--termination-log", tmp.resolve("termination-log").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().keySet().removeIf(k -> k.toUpperCase().startsWith("SYNCMASTER"));
        builder.environment().putAll(Map.of("SYNCMASTER__DATABASE__URL", meta.sqlAlchemyUrl(),
                "SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY,
                "SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString()));
        builder.redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8) + Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"rows_read\":" + ROWS).doesNotContain("OutOfMemoryError");
        assertThat(scalar(postgres, "SELECT count(*) FROM public.big")).isEqualTo(ROWS);
        assertThat(scalar(postgres, "SELECT SUM(LENGTH(payload)) FROM public.big"))
                .isEqualTo(scalar(mysql, "SELECT SUM(LENGTH(payload)) FROM " + mysql.name() + ".big"));
    }
}
