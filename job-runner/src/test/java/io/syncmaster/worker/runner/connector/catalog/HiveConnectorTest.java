package io.syncmaster.worker.runner.connector.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * The Hive connector on Spark's Hive catalog with an embedded Derby metastore (the hive-tests JVM), with PostgreSQL
 * as the peer (checklist §6.2 rows 8, 9, 11, 12): the 27-row and mixed-naming data sets, compared row by row after
 * casting, and bad input. PostgreSQL rows are read and written with Spark JDBC here; the full runs through the
 * job-runner's controller are in the transfer tests.
 */
@Tag("hive")
class HiveConnectorTest {
    private static final HiveConnector HIVE = new HiveConnector();
    private static ScratchDatabase pg;
    private static SparkSession spark;
    private static RunEnvironment env;

    @BeforeAll
    static void setUp() {
        pg = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "hive");
        People.createSource(pg, "source_table", false);
        People.createSource(pg, "mixed_source", true);
        spark = SharedSpark.session();
        spark.sql("CREATE DATABASE IF NOT EXISTS syncm");
        env = new RunEnvironment(spark, Path.of("target"), "test", new SecretRedactor());
    }

    @AfterAll
    static void tearDown() {
        if (pg != null) {
            pg.close();
        }
    }

    private static Dataset<Row> postgres(String table) {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "");
        return spark.read().jdbc(pg.jdbcUrl(), "public." + table, props);
    }

    private static SideSpec spec(FailureSide side, String table, long runId) {
        ObjectNode merged = Plans.JSON.createObjectNode().put("cluster", "test-hive").put("user", "hive").put("password", "secret-pw");
        ObjectNode params = Plans.JSON.createObjectNode().put("type", "hive").put("table_name", table);
        return new SideSpec(side, new ConnectionSpec(7, "hive", "hive", merged), params,
                new RunIdentity(runId, 42, "tests", Optional.empty()));
    }

    private static Target target(String table, long runId) {
        Target target = HIVE.target(spec(FailureSide.TARGET, table, runId));
        target.check(env);
        return target;
    }

    @Test
    void postgresToHiveReplacesTheTableWithExactlyTheSourceRows() {
        Target target = target("syncm.target_table", 1);
        assertThat(target.sparkConf()).containsEntry("spark.sql.catalogImplementation", "hive");
        assertThat(target.write(env, postgres("source_table"), WriteMode.REPLACE).rowsWritten()).isEqualTo(27);
        // a second run replaces, it does not add
        assertThat(target("syncm.target_table", 2).write(env, postgres("source_table"), WriteMode.REPLACE).rowsWritten()).isEqualTo(27);

        Dataset<Row> back = spark.table("syncm.target_table");
        assertThat(back.columns()).containsExactly("id", "phone_number", "region", "number", "birth_date", "registered_at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(back, "id"), TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO))
                .isTrue();
        assertThat(spark.sql("DESCRIBE FORMATTED syncm.target_table").filter("col_name = 'Provider' OR col_name = 'InputFormat'")
                .collectAsList().toString()).containsIgnoringCase("orc");
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void mixedNamingBecomesLowerCase() {
        target("syncm.mixed_target", 3).write(env, postgres("mixed_source"), WriteMode.REPLACE);
        Dataset<Row> back = spark.table("syncm.mixed_target");
        assertThat(back.columns()).containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(back, "id"), TableContent.expectedFull(People.mixedNaming(), People.MIXED_COLUMNS),
                Duration.ZERO)).isTrue();
    }

    @Test
    void hiveToPostgresAppliesRowAndColumnFilters() {
        target("syncm.hive_source", 4).write(env, postgres("source_table"), WriteMode.REPLACE);
        Source source = HIVE.source(spec(FailureSide.SOURCE, "syncm.hive_source", 5));
        source.check(env);

        Dataset<Row> filtered = source.read(env, ReadRequest.all(Transformations.parse(Plans.json(Plans.ROWS_FILTER.replace("\"BIRTH_DATE\"", "\"birth_date\"")
                .replace("\"NUMBER\"", "\"number\"").replace("\"REGION\"", "\"region\"").replace("\"PHONE_NUMBER\"", "\"phone_number\""))), 2));
        List<People.Person> expected = People.all().stream().filter(People::passesRowsFilter).toList();
        assertThat(expected).hasSizeBetween(1, 26);
        assertThat(TableContent.sameRows(TableContent.rows(filtered, "id"), TableContent.expectedFull(expected, People.COLUMNS), Duration.ZERO))
                .isTrue();

        Dataset<Row> projected = source.read(env, ReadRequest.all(Transformations.parse(Plans.json(Plans.columnsFilter("STRING"))), 1));
        assertThat(projected.columns()).containsExactly("ID", "REGION", "PHONE_NUMBER", "REGION2", "NUMBER", "REGISTERED_AT");
        Dataset<Row> lower = projected.toDF("id", "region", "phone_number", "region2", "number", "registered_at");
        assertThat(TableContent.sameRows(TableContent.rows(lower, "id"), TableContent.expectedColumnsFiltered(People.all()), Duration.ZERO)).isTrue();
    }

    @Test
    void appendInsertsByPositionAfterOrderingColumnsLikeTheTable() {
        target("syncm.append_target", 6).write(env, postgres("source_table").limit(2), WriteMode.REPLACE);
        Dataset<Row> reordered = postgres("source_table").selectExpr("ACCOUNT_BALANCE", "REGISTERED_AT", "BIRTH_DATE", "NUMBER", "REGION",
                "PHONE_NUMBER", "ID").orderBy("NUMBER").offset(2);
        assertThat(target("syncm.append_target", 7).write(env, reordered, WriteMode.APPEND).rowsWritten()).isEqualTo(25);
        assertThat(TableContent.sameRows(TableContent.rows(spark.table("syncm.append_target"), "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO)).isTrue();

        Dataset<Row> missingColumn = postgres("source_table").drop("REGION");
        assertThatThrownBy(() -> target("syncm.append_target", 8).write(env, missingColumn, WriteMode.APPEND))
                .isInstanceOf(RunFailure.class).hasMessageContaining("has column 'region', which the source does not have");
        assertThat(spark.table("syncm.append_target").count()).isEqualTo(27);
    }

    @Test
    void badInputFailsWithAClearMessageAndLeavesTheTargetAlone() {
        target("syncm.untouched", 9).write(env, postgres("source_table"), WriteMode.REPLACE);

        assertThatThrownBy(() -> HIVE.source(spec(FailureSide.SOURCE, "syncm.no_such_table", 10)).check(env))
                .isInstanceOf(RunFailure.class).hasMessageContaining("source table syncm.no_such_table does not exist");
        assertThatThrownBy(() -> HIVE.target(spec(FailureSide.TARGET, "no_such_db.t", 11)).check(env))
                .isInstanceOf(RunFailure.class).hasMessageContaining("target database 'no_such_db' does not exist");
        assertThatThrownBy(() -> HIVE.target(spec(FailureSide.TARGET, "not-a-table", 12)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("table_name");
        ObjectNode noCluster = Plans.JSON.createObjectNode().put("user", "hive").put("password", "secret-pw");
        SideSpec bad = new SideSpec(FailureSide.TARGET, new ConnectionSpec(7, "hive", "hive", noCluster),
                Plans.JSON.createObjectNode().put("type", "hive").put("table_name", "syncm.t"), new RunIdentity(13, 42, "t", Optional.empty()));
        assertThatThrownBy(() -> HIVE.target(bad)).isInstanceOf(RunFailure.class)
                .hasMessageContaining("field 'cluster' is missing").hasMessageNotContaining("secret-pw");

        // a write whose source fails mid-way leaves the old table and no staging table
        Dataset<Row> exploding = postgres("source_table").selectExpr("*",
                "CASE WHEN NUMBER > 20 THEN CAST(raise_error('source broke') AS INT) ELSE 1 END AS y");
        assertThatThrownBy(() -> target("syncm.untouched", 14).write(env, exploding, WriteMode.REPLACE)).isInstanceOf(RunFailure.class);
        assertThat(spark.table("syncm.untouched").count()).isEqualTo(27);
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void aStaleStagingTableOfTheSameTransferIsRemoved() {
        spark.sql("CREATE TABLE syncm.syncmaster_tmp_42_1 (id INT) USING orc");
        spark.sql("CREATE TABLE syncm.syncmaster_tmp_43_1 (id INT) USING orc");
        target("syncm.target_table", 99).cleanUpStale(env);
        assertThat(stagingTables()).containsExactly("syncmaster_tmp_43_1");
        spark.sql("DROP TABLE syncm.syncmaster_tmp_43_1");
    }

    @Test
    void fullRunsThroughTheControllerInBothDirections() { // #8 and #12 end to end
        ObjectNode hive = Plans.JSON.createObjectNode().put("cluster", "test-hive").put("user", "hive").put("password", "secret-pw");
        TransferController controller = TransferController.standard(new SharedSpark(), Map.of(), Map.of(), new SecretRedactor());

        assertThat(controller.run(Plans.full("postgres", pg.merged(), "public.source_table", "hive", hive, "syncm.run_target", "[]", 2))
                .rowsWritten().orElseThrow()).isEqualTo(27);
        assertThat(TableContent.sameRows(TableContent.rows(spark.table("syncm.run_target"), "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO)).isTrue();

        controller.run(Plans.full("hive", hive, "syncm.run_target", "postgres", pg.merged(), "public.from_hive", "[]", 1));
        assertThat(TableContent.sameRows(TableContent.rows(pg, "from_hive", "id"), TableContent.expectedFull(People.all(), People.COLUMNS),
                Duration.ZERO)).isTrue();
    }

    private static List<String> stagingTables() {
        return spark.sql("SHOW TABLES IN syncm").collectAsList().stream().map(r -> r.getString(1))
                .filter(n -> n.startsWith("syncmaster_")).toList();
    }
}
