package io.syncmaster.worker.runner.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.connector.FileEntry;
import io.syncmaster.worker.runner.connector.FileSource;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.hwm.FakeHorizon;
import io.syncmaster.worker.runner.hwm.HwmStores;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transfer.TransferPlan;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * {@link FileIncrementalStrategy} through the real controller, Spark, PostgreSQL target and the Horizon fake, with a
 * test-only file source over a local directory registered under the type {@code sftp} (the real file connectors
 * live on another branch; this source implements the same {@link FileSource} contract: list with metadata, read a
 * chosen list of files). The §6.1 file pattern: run, copy a file to {@code <stem>_increment.csv}, run: data ∪ data.
 */
class FileIncrementalTransferTest {
    private static final SharedSpark SPARK = new SharedSpark();
    private static final AtomicLong TRANSFER_IDS = new AtomicLong(8000);
    private static final StructType SCHEMA = new StructType().add("ID", DataTypes.IntegerType).add("REGION", DataTypes.StringType);
    private static ScratchDatabase pg;

    @TempDir
    Path directory;
    private FakeHorizon horizon;
    private long transferId;

    @BeforeAll
    static void createDatabase() {
        pg = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "incr_files");
    }

    @AfterAll
    static void dropDatabase() {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        horizon = FakeHorizon.start();
        transferId = TRANSFER_IDS.incrementAndGet();
        Files.writeString(directory.resolve("file.csv"), "ID,REGION\n1,north\n2,south\n3,east\n");
        Files.setLastModifiedTime(directory.resolve("file.csv"), FileTime.from(Instant.parse("2024-06-01T12:00:00.5Z")));
    }

    @AfterEach
    void stop() {
        horizon.close();
    }

    @Test
    void byFileNameReadsOnlyNewFilesAndAppends() throws IOException {
        String table = "by_name_" + transferId;
        run(plan(table, incremental("file_name")));
        assertThat(ids(table)).containsExactly(1L, 2L, 3L);
        assertThat(hwm().path("type").asText()).isEqualTo("file_list");
        assertThat(hwm().path("entity").asText()).isEqualTo(directory.toString());
        assertThat(hwm().get("value")).containsExactly(Plans.JSON.getNodeFactory().textNode(directory.resolve("file.csv").toString()));

        Files.copy(directory.resolve("file.csv"), directory.resolve("file_increment.csv"));
        run(plan(table, incremental("file_name")));
        assertThat(ids(table)).containsExactly(1L, 1L, 2L, 2L, 3L, 3L);
        assertThat(hwm().get("value")).hasSize(2);

        assertThat(run(plan(table, incremental("file_name")))).isZero();
        assertThat(ids(table)).hasSize(6);
    }

    @Test
    void byModificationTimeReadsFilesModifiedAfterTheHwm() throws IOException {
        String table = "by_mtime_" + transferId;
        run(plan(table, incremental("file_modified_since")));
        assertThat(hwm().path("type").asText()).isEqualTo("file_modification_time");
        assertThat(hwm().path("value").asText()).isEqualTo("2024-06-01T12:00:00.500000+00:00");

        Path older = Files.copy(directory.resolve("file.csv"), directory.resolve("older.csv"));
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        Path newer = Files.writeString(directory.resolve("newer.csv"), "ID,REGION\n4,west\n");
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2024-07-01T00:00:00Z")));
        run(plan(table, incremental("file_modified_since")));
        assertThat(ids(table)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(hwm().path("value").asText()).isEqualTo("2024-07-01T00:00:00+00:00");
    }

    @Test
    void aFailedWriteDoesNotAdvanceTheFileHwmUnlikeUpstream() throws IOException {
        String table = "refused_" + transferId;
        run(plan(table, incremental("file_name")));
        Files.copy(directory.resolve("file.csv"), directory.resolve("file_increment.csv"));
        pg.execute("CREATE FUNCTION refuse_" + table + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'refused'; END $$", "CREATE TRIGGER refuse BEFORE INSERT ON public." + table
                + " FOR EACH ROW EXECUTE FUNCTION refuse_" + table + "()");
        assertThatThrownBy(() -> run(plan(table, incremental("file_name")))).isInstanceOf(RunFailure.class);
        assertThat(hwm().get("value")).hasSize(1);
        pg.execute("DROP TRIGGER refuse ON public." + table);
        run(plan(table, incremental("file_name")));
        assertThat(ids(table)).containsExactly(1L, 1L, 2L, 2L, 3L, 3L);
    }

    @Test
    void fullResetsTheFileListAndANonFileIncrementByReadsEverything() throws IOException { // checklist #46
        String table = "switch_" + transferId;
        run(plan(table, incremental("file_name")));
        Files.copy(directory.resolve("file.csv"), directory.resolve("file_increment.csv"));
        run(plan(table, Plans.JSON.createObjectNode().put("type", "full")));
        assertThat(ids(table)).containsExactly(1L, 1L, 2L, 2L, 3L, 3L);
        assertThat(hwm().get("value")).isEmpty(); // reset to [], type kept
        assertThat(hwm().path("type").asText()).isEqualTo("file_list");

        run(plan(table, incremental("NUMBER")));
        assertThat(ids(table)).containsExactly(1L, 1L, 2L, 2L, 3L, 3L); // replaced, not appended
        assertThat(hwm().get("value")).isEmpty();
    }

    // ---- helpers ----

    private long run(TransferPlan plan) {
        List<Connector> connectors = new ArrayList<>(ConnectorRegistry.discover().types().stream()
                .filter(type -> !type.equals("sftp")).map(type -> ConnectorRegistry.discover()
                        .find(type, FailureSide.SOURCE, type)).toList());
        connectors.add(new LocalDirectoryConnector());
        HwmStrategyFactory strategies = new HwmStrategyFactory(
                () -> Optional.of(HwmStores.horizon(horizon.url(), "syncmaster", "pw", "files_ns")));
        return new TransferController(new ConnectorRegistry(connectors), SPARK, Map.of(), Map.of(), new SecretRedactor(),
                strategies, List.of()).run(plan).rowsWritten().orElseThrow();
    }

    private TransferPlan plan(String table, JsonNode strategy) {
        ObjectNode sourceParams = Plans.JSON.createObjectNode().put("type", "sftp").put("directory_path", directory + "/");
        ObjectNode targetParams = Plans.JSON.createObjectNode().put("type", "postgres").put("table_name", "public." + table);
        ObjectNode resources = Plans.JSON.createObjectNode().put("max_parallel_tasks", 1).put("cpu_cores_per_task", 1)
                .put("ram_bytes_per_task", 1L << 30);
        return TransferPlan.create(transferId * 100 + horizon.journal().size(), transferId, "tests", "files_" + transferId,
                new ConnectionSpec(1, "sftp", "source", Plans.JSON.createObjectNode()),
                new ConnectionSpec(2, "postgres", "target", pg.merged()), strategy, sourceParams, targetParams,
                Plans.json("[]"), resources);
    }

    private static JsonNode incremental(String by) {
        return Plans.JSON.createObjectNode().put("type", "incremental").put("increment_by", by);
    }

    private JsonNode hwm() {
        long namespace = horizon.namespaceId("files_ns").orElseThrow();
        return horizon.hwm(namespace, transferId + "_sftp_" + directory + "/").orElseThrow();
    }

    private static List<Object> ids(String table) {
        return TableContent.rows(pg, table, "id").stream().map(r -> r.get("id")).toList();
    }

    /** A test-only file connector over a local directory (type {@code sftp}), reading CSV with a header. */
    private static final class LocalDirectoryConnector implements Connector {
        @Override
        public String type() {
            return "sftp";
        }

        @Override
        public Source source(SideSpec spec) {
            return new LocalDirectorySource(Path.of(spec.params().path("directory_path").asText()));
        }
    }

    private record LocalDirectorySource(Path directory) implements FileSource {
        @Override
        public List<FileEntry> list(RunEnvironment env, Transformations transformations) {
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(Files::isRegularFile).map(path -> {
                    try {
                        return new FileEntry(path.toString(), Files.size(path), Files.getLastModifiedTime(path).toInstant());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Dataset<Row> read(RunEnvironment env, ReadRequest request) {
            List<String> paths = request.scope() instanceof ReadScope.Files chosen
                    ? chosen.files().stream().map(FileEntry::path).toList()
                    : request.scope() instanceof ReadScope.NoRows ? List.of()
                    : list(env, request.transformations()).stream().map(FileEntry::path).toList();
            if (paths.isEmpty()) {
                return env.spark().createDataFrame(List.of(), SCHEMA);
            }
            return env.spark().read().option("header", "true").schema(SCHEMA).csv(paths.toArray(String[]::new));
        }

        @Override
        public void check(RunEnvironment env) {
            assertThat(directory).isDirectory();
        }

        @Override
        public String describe() {
            return "local test directory " + directory;
        }
    }
}
