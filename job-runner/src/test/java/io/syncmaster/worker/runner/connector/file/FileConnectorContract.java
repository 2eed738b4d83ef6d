package io.syncmaster.worker.runner.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.transfer.RunSummary;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.format.ExcelLayout;
import io.syncmaster.worker.runner.format.PoiExcelEngine;
import io.syncmaster.worker.runner.support.FileFixtures;
import io.syncmaster.worker.runner.support.FileTransfers;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;

/**
 * The checklist rows every file connection Spark reaches directly must pass (transfer-semantics §6.2 #38/#39 for S3,
 * #41/#42 for HDFS), against a real server the subclass starts: PostgreSQL → files in every writable format (names
 * and read-back), files in every format → PostgreSQL (with the rows filter on CSV and the columns filter on JSON),
 * reading without df_schema, the file metadata filter, a name clash, a missing directory, leftovers of a killed run
 * and a failing write that leaves nothing behind. One server and one PostgreSQL database per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FileConnectorContract {
    static final long TRANSFER_ID = 77;

    ScratchDatabase pg;
    SparkSession spark;
    RunEnvironment env;
    Path work;

    /** The connection type, e.g. {@code s3}. */
    abstract String type();

    abstract Connector connector();

    /** The merged connection JSON (data + auth, without type) of the running server. */
    abstract ObjectNode connection();

    /** The URI prefix of paths on the server, e.g. {@code s3a://bucket}. */
    abstract String root();

    abstract void startServer(Path directory) throws Exception;

    abstract void stopServer();

    /** Target formats with the extension their files must get. */
    abstract Stream<Arguments> targetFormats();

    static final String CSV_LZ4 = "{\"type\": \"csv\", \"include_header\": true, \"compression\": \"lz4\", \"timestampFormat\": \""
            + FileFixtures.TIMESTAMP_FORMAT + "\"}";
    static final String EXCEL_TARGET = "{\"type\": \"excel\", \"include_header\": true}";

    /** The target formats of checklist rows #42 (HDFS) and #47 (FTP): csv lz4, jsonline, excel, orc snappy, parquet lz4, xml snappy. */
    static Stream<Arguments> checklistTargets42And47() {
        return Stream.of(
                Arguments.of(CSV_LZ4, "csv.lz4"),
                Arguments.of(JSONLINE, "jsonl"),
                Arguments.of(EXCEL_TARGET, "xlsx"),
                Arguments.of("{\"type\": \"orc\", \"compression\": \"snappy\"}", "snappy.orc"),
                Arguments.of("{\"type\": \"parquet\", \"compression\": \"lz4\"}", "lz4hadoop.parquet"),
                Arguments.of(XML.replace("\"none\"", "\"snappy\""), "xml.snappy"));
    }

    @BeforeAll
    void start() throws Exception {
        work = Files.createDirectories(Path.of("target", "file-tests", type() + "-" + System.nanoTime()));
        startServer(work.resolve("server"));
        pg = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, type());
        People.createSource(pg, "source_table", false);
        spark = SharedSpark.session();
        env = FileTransfers.environment(spark, Files.createDirectories(work.resolve("scratch")));
        // the connection's settings on the session (what a run's check does), so the fixtures can be written
        connector().source(FileTransfers.side(FailureSide.SOURCE, type(), connection(),
                FileFixtures.sourceParams(type(), "/", FileFixtures.format("{\"type\": \"parquet\"}"), false), run()))
                .check(env);
        writeSourceFixtures();
    }

    @AfterAll
    void stop() {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            stopServer();
        }
    }

    static RunIdentity run() {
        return FileTransfers.run(TRANSFER_ID);
    }

    Configuration conf() {
        return spark.sessionState().newHadoopConf();
    }

    FileSystem fs() throws IOException {
        return new org.apache.hadoop.fs.Path(root() + "/").getFileSystem(conf());
    }

    /** Names of the entries directly in {@code directory}, sorted (hidden ones included, local checksums not). */
    List<String> names(String directory) throws IOException {
        return Arrays.stream(fs().listStatus(new org.apache.hadoop.fs.Path(root() + directory)))
                .map(s -> s.getPath().getName()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }

    boolean exists(String path) throws IOException {
        return fs().exists(new org.apache.hadoop.fs.Path(root() + path));
    }

    void put(String path, byte[] content) throws IOException {
        FileSystem fs = fs();
        fs.setWriteChecksum(false);
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root() + path), true)) {
            out.write(content);
        }
    }

    /** Where a killed run of {@code transferId} left a temporary file in the target {@code directory}. */
    String leftoverPath(String directory, long transferId, long runId) {
        return directory + "/" + DirectoryWriter.STAGING_DIRECTORY + "/syncmaster_tmp_" + transferId + "_" + runId + "/part-00000.csv";
    }

    // ---------------------------------------------------------------- PostgreSQL → files (#39 / #42)

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("targetFormats")
    void postgresToFiles(String formatJson, String extension) throws IOException {
        String directory = "/target/" + extension.replace('.', '_');
        ObjectNode format = FileFixtures.format(formatJson);
        RunSummary result = FileTransfers.postgresToFiles(pg, "source_table", connector(), connection(), FileFixtures.targetParams(type(), directory, format), run());

        assertThat(result.rowsWritten()).hasValue(27);
        List<String> names = names(directory);
        assertThat(names).isNotEmpty().noneMatch(n -> n.startsWith("."));
        for (int i = 0; i < names.size(); i++) {
            assertThat(FileFixtures.nameMatches(names.get(i), i, extension)).as(names.get(i)).isTrue();
        }
        assertThat(result.bytesWritten().getAsLong()).isPositive();

        Dataset<Row> back = readBack(directory, format, true);
        Duration tolerance = format.path("type").asText().equals("excel") ? Duration.ofMillis(1) : Duration.ZERO;
        assertThat(TableContent.sameRows(FileFixtures.rows(back, "id"), TableContent.expectedFull(People.all(), People.COLUMNS),
                tolerance)).isTrue();
    }

    Dataset<Row> readBack(String directory, ObjectNode format, boolean withSchema) {
        DirectoryReader reader = DirectoryReader.parse(FileFixtures.sourceParams(type(), directory, format, withSchema));
        return reader.readFiles(spark, root(), reader.list(conf(), root(), List.of()),
                io.syncmaster.worker.runner.transform.Transformations.none());
    }

    // ---------------------------------------------------------------- files → PostgreSQL (#38 / #41)

    static final String CSV = "{\"type\": \"csv\", \"include_header\": true, \"compression\": \"none\", \"timestampFormat\": \""
            + FileFixtures.TIMESTAMP_FORMAT + "\"}";
    static final String JSON = "{\"type\": \"json\", \"timestampFormat\": \"" + FileFixtures.TIMESTAMP_FORMAT + "\"}";
    static final String JSONLINE = "{\"type\": \"jsonline\", \"compression\": \"none\", \"timestampFormat\": \""
            + FileFixtures.TIMESTAMP_FORMAT + "\"}";
    static final String EXCEL = "{\"type\": \"excel\", \"include_header\": true}";
    static final String ORC = "{\"type\": \"orc\", \"compression\": \"none\"}";
    static final String PARQUET = "{\"type\": \"parquet\", \"compression\": \"none\"}";
    static final String XML = "{\"type\": \"xml\", \"root_tag\": \"root\", \"row_tag\": \"item\", \"compression\": \"none\", "
            + "\"timestampFormat\": \"" + FileFixtures.TIMESTAMP_FORMAT + "\"}";

    /** Source files written by Spark itself (and Jackson, POI), not by the formats under test. */
    void writeSourceFixtures() throws IOException {
        Dataset<Row> people = FileFixtures.people(spark).coalesce(1);
        people.write().mode(SaveMode.Overwrite).option("header", "true").option("timestampFormat", FileFixtures.TIMESTAMP_FORMAT)
                .csv(root() + "/source/csv");
        people.write().mode(SaveMode.Overwrite).option("timestampFormat", FileFixtures.TIMESTAMP_FORMAT).json(root() + "/source/jsonline");
        people.write().mode(SaveMode.Overwrite).orc(root() + "/source/orc");
        people.write().mode(SaveMode.Overwrite).parquet(root() + "/source/parquet");
        people.write().mode(SaveMode.Overwrite).format("xml").option("rootTag", "root").option("rowTag", "item")
                .option("timestampFormat", FileFixtures.TIMESTAMP_FORMAT).save(root() + "/source/xml");
        put("/source/json/people.json", FileFixtures.peopleJsonArray());
        new PoiExcelEngine().write(people, root() + "/source/excel", new ExcelLayout(true, java.util.Optional.empty(), 0, 0));
    }

    static Stream<Arguments> sourceFormats() {
        return Stream.of(
                Arguments.of("csv", CSV, Plans.ROWS_FILTER),
                Arguments.of("json", JSON, Plans.columnsFilter("STRING")),
                Arguments.of("jsonline", JSONLINE, "[]"),
                Arguments.of("excel", EXCEL, "[]"),
                Arguments.of("orc", ORC, "[]"),
                Arguments.of("parquet", PARQUET, "[]"),
                Arguments.of("xml", XML, "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sourceFormats")
    void filesToPostgres(String name, String formatJson, String transformations) {
        String table = "from_" + name;
        RunSummary rows = FileTransfers.filesToPostgres(connector(), connection(), FileFixtures.sourceParams(type(), "/source/" + name, FileFixtures.format(formatJson), true), transformations, pg, table, run());

        Duration tolerance = name.equals("excel") ? Duration.ofMillis(1) : Duration.ZERO;
        List<Map<String, Object>> expected;
        if (transformations.contains("dataframe_rows_filter")) {
            expected = TableContent.expectedFull(People.all().stream().filter(People::passesRowsFilter).toList(), People.COLUMNS);
        } else if (transformations.contains("dataframe_columns_filter")) {
            expected = TableContent.expectedColumnsFiltered(People.all());
        } else {
            expected = TableContent.expectedFull(People.all(), People.COLUMNS);
        }
        assertThat(rows.rowsWritten()).hasValue(expected.size());
        assertThat(TableContent.sameRows(TableContent.rows(pg, table, "id"), expected, tolerance)).isTrue();
    }

    @Test
    void readsWithoutSchema() {
        Dataset<Row> parquet = readBack("/source/parquet", FileFixtures.format(PARQUET), false);
        assertThat(parquet.schema()).isEqualTo(FileFixtures.SCHEMA);
        Dataset<Row> csv = readBack("/source/csv", FileFixtures.format(CSV), false);
        assertThat(csv.columns()).containsExactlyElementsOf(People.COLUMNS);
        assertThat(csv.schema().fields()).allMatch(f -> f.dataType().typeName().equals("string"));
        assertThat(csv.count()).isEqualTo(27);
        Dataset<Row> excel = readBack("/source/excel", FileFixtures.format(EXCEL), false);
        assertThat(excel.columns()).containsExactlyElementsOf(People.COLUMNS);
        assertThat(excel.schema().apply("ID").dataType().typeName()).isEqualTo("integer");
        assertThat(excel.schema().apply("REGISTERED_AT").dataType().typeName()).isEqualTo("timestamp");
    }

    // ---------------------------------------------------------------- semantics

    /** §6.1's metadata filter: only document.csv passes (upstream applies it on SFTP only; here on every type). */
    @Test
    void metadataFilterAppliesToEveryFileType() throws IOException {
        StringBuilder csv = new StringBuilder("ID,PHONE_NUMBER,REGION,NUMBER,BIRTH_DATE,REGISTERED_AT,ACCOUNT_BALANCE\n");
        for (People.Person p : People.all()) {
            csv.append(p.id()).append(',').append(p.phone()).append(',').append(p.region()).append(',').append(p.number())
                    .append(',').append(p.birthDate()).append(',')
                    .append(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").format(p.registeredAt()))
                    .append(',').append(p.balance()).append('\n');
        }
        byte[] document = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(document.length).isBetween(1000, 3000);
        String dir = "/file_connection/csv/for_file_filtering";
        put(dir + "/document.csv", document);
        put(dir + "/document.txt", document);
        put(dir + "/unknown_name.csv", document);
        put(dir + "/large_document.csv", (csv + csv.substring(csv.indexOf("\n") + 1)).getBytes(StandardCharsets.UTF_8));
        put(dir + "/small_document.csv", csv.substring(0, csv.indexOf("\n", csv.indexOf("\n") + 1) + 1).getBytes(StandardCharsets.UTF_8));
        String filter = """
                [{"type": "file_metadata_filter", "filters": [
                  {"type": "name_glob", "value": "*.csv"},
                  {"type": "name_regexp", "value": "\\\\bdoc"},
                  {"type": "file_size_min", "value": "1kb"},
                  {"type": "file_size_max", "value": "3kb"}]}]
                """;
        RunSummary rows = FileTransfers.filesToPostgres(connector(), connection(), FileFixtures.sourceParams(type(), dir, FileFixtures.format(CSV), true), filter, pg, "filtered", run());
        assertThat(rows.rowsWritten()).hasValue(27);
        assertThat(TableContent.sameRows(TableContent.rows(pg, "filtered", "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO)).isTrue();
    }

    @Test
    void nameClashFailsBeforeAnythingIsOverwritten() throws IOException {
        String directory = "/clash";
        ObjectNode params = FileFixtures.targetParams(type(), directory, FileFixtures.format(PARQUET));
        RunIdentity run = run();
        FileTransfers.postgresToFiles(pg, "source_table", connector(), connection(), params, run);
        List<String> first = names(directory);
        long firstSize = fs().getFileStatus(new org.apache.hadoop.fs.Path(root() + directory + "/" + first.get(0))).getLen();

        // a second run created in the same second: same names (upstream quirk §8.10)
        RunIdentity sameSecond = new RunIdentity(run.runId() + 1, TRANSFER_ID, "tests", run.runCreatedAt());
        assertThatThrownBy(() -> FileTransfers.postgresToFiles(pg, "source_table", connector(), connection(), params, sameSecond))
                .isInstanceOf(RunFailure.class).hasMessageContaining("already exists");
        assertThat(names(directory)).isEqualTo(first);
        assertThat(fs().getFileStatus(new org.apache.hadoop.fs.Path(root() + directory + "/" + first.get(0))).getLen())
                .isEqualTo(firstSize);
    }

    @Test
    void missingSourceDirectoryFailsOnTheSourceSide() {
        assertThatThrownBy(() -> FileTransfers.filesToPostgres(connector(), connection(), FileFixtures.sourceParams(type(), "/no/such/directory", FileFixtures.format(CSV), true), "[]", pg, "never", run()))
                .isInstanceOf(RunFailure.class).hasMessageContaining("/no/such/directory").hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((RunFailure) e).side()).isEqualTo(FailureSide.SOURCE));
        assertThat(TableContent.exists(pg, "never")).isFalse();
    }

    @Test
    void leftoversOfAKilledRunAreRemovedByTheNextRun() throws IOException {
        String directory = "/leftovers";
        put(leftoverPath(directory, TRANSFER_ID, 12), "half".getBytes(StandardCharsets.UTF_8));
        put(leftoverPath(directory, TRANSFER_ID + 1, 12), "other".getBytes(StandardCharsets.UTF_8));
        put(directory + "/users-own-file.txt", "keep".getBytes(StandardCharsets.UTF_8));
        FileTransfers.postgresToFiles(pg, "source_table", connector(), connection(), FileFixtures.targetParams(type(), directory, FileFixtures.format(ORC)), run());
        assertThat(exists(leftoverPath(directory, TRANSFER_ID, 12))).isFalse();
        assertThat(exists(leftoverPath(directory, TRANSFER_ID + 1, 12))).as("another transfer's").isTrue();
        assertThat(names(directory)).contains("users-own-file.txt", "2026_01_27_10_15_03-0.orc");
    }

    @Test
    void aFailingWriteLeavesNothingVisible() throws IOException {
        String directory = "/failing";
        put(directory + "/existing.csv", "keep".getBytes(StandardCharsets.UTF_8));
        io.syncmaster.worker.runner.connector.Target target = connector().target(FileTransfers.side(FailureSide.TARGET, type(),
                connection(), FileFixtures.targetParams(type(), directory, FileFixtures.format(CSV)), run()));
        target.check(env);
        Dataset<Row> failing = FileFixtures.people(spark).repartition(2)
                .where("IF(NUMBER = 20, raise_error('row 20 breaks the write'), true)");
        assertThatThrownBy(() -> target.write(env, failing, io.syncmaster.worker.runner.connector.WriteMode.REPLACE))
                .isInstanceOf(RunFailure.class);
        assertThat(names(directory)).containsExactly("existing.csv");
    }

}
