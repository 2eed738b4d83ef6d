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
import io.syncmaster.worker.runner.support.IcebergRestCatalog;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * The Iceberg connector against Iceberg's REST catalog test server with the warehouse on s3proxy (direct S3
 * warehouse, bearer token), PostgreSQL as the peer (checklist §6.2 rows 14, 15, 17, 18; PostgreSQL is read with
 * Spark JDBC here), compared row by row; plus the catalog settings of every auth/warehouse flavour and bad input.
 */
class IcebergConnectorTest {
    private static final IcebergConnector ICEBERG = new IcebergConnector();
    private static final String TOKEN = "bearer-token-" + System.nanoTime();
    private static ScratchDatabase pg;
    private static IcebergRestCatalog catalog;
    private static SparkSession spark;
    private static RunEnvironment env;

    @BeforeAll
    static void setUp() {
        pg = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "ice");
        People.createSource(pg, "source_table", false);
        People.createSource(pg, "mixed_source", true);
        catalog = IcebergRestCatalog.start();
        spark = SharedSpark.session();
        env = new RunEnvironment(spark, Path.of("target"), "test", new SecretRedactor());
        Target first = target("syncm.bootstrap", "ice_test");
        first.sparkConf().forEach(spark.conf()::set);
        spark.sql("CREATE NAMESPACE IF NOT EXISTS ice_test.syncm");
    }

    @AfterAll
    static void tearDown() {
        if (catalog != null) {
            catalog.close();
        }
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

    private static SideSpec spec(FailureSide side, ObjectNode merged, String table, String catalogName) {
        ObjectNode params = Plans.JSON.createObjectNode().put("type", "iceberg").put("table_name", table);
        if (catalogName != null) {
            params.put("catalog_name", catalogName);
        }
        return new SideSpec(side, new ConnectionSpec(9, "iceberg", "iceberg", merged), params, new RunIdentity(1, 42, "tests", Optional.empty()));
    }

    private static Target target(String table, String catalogName) {
        return ICEBERG.target(spec(FailureSide.TARGET, catalog.mergedDirectBearer(TOKEN), table, catalogName));
    }

    @Test
    void postgresToIcebergCreatesOrReplacesTheTableOnS3() { // #14
        Target target = target("syncm.target_table", "ice_test");
        target.check(env);
        assertThat(target.write(env, postgres("source_table"), WriteMode.REPLACE).rowsWritten()).isEqualTo(27);
        Target again = target("syncm.target_table", "ice_test");
        again.check(env);
        assertThat(again.write(env, postgres("source_table"), WriteMode.REPLACE).rowsWritten()).isEqualTo(27);

        Dataset<Row> back = spark.table("ice_test.syncm.target_table");
        assertThat(back.columns()).containsExactly("id", "phone_number", "region", "number", "birth_date", "registered_at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(back, "id"), TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO))
                .isTrue();
        assertThat(spark.sql("SELECT count(*) FROM ice_test.syncm.target_table.snapshots").first().getLong(0)).isEqualTo(2);
        assertThat(catalog.objectsInBucket()).isPositive();
    }

    @Test
    void mixedNamingBecomesLowerCase() { // #15
        Target target = target("syncm.mixed_target", "ice_test");
        target.check(env);
        target.write(env, postgres("mixed_source"), WriteMode.REPLACE);
        Dataset<Row> back = spark.table("ice_test.syncm.mixed_target");
        assertThat(back.columns()).containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(back, "id"), TableContent.expectedFull(People.mixedNaming(), People.MIXED_COLUMNS),
                Duration.ZERO)).isTrue();
    }

    @Test
    void icebergSourceAppliesRowAndColumnFilters() { // #17, #18 read side
        Target target = target("syncm.ice_source", "ice_test");
        target.check(env);
        target.write(env, postgres("source_table"), WriteMode.REPLACE);
        Source source = ICEBERG.source(spec(FailureSide.SOURCE, catalog.mergedDirectBearer(TOKEN), "syncm.ice_source", null));
        source.check(env);

        String lowerRowsFilter = Plans.ROWS_FILTER.replace("\"BIRTH_DATE\"", "\"birth_date\"").replace("\"NUMBER\"", "\"number\"")
                .replace("\"REGION\"", "\"region\"").replace("\"PHONE_NUMBER\"", "\"phone_number\"");
        Dataset<Row> filtered = source.read(env, ReadRequest.all(Transformations.parse(Plans.json(lowerRowsFilter)), 1));
        List<People.Person> expected = People.all().stream().filter(People::passesRowsFilter).toList();
        assertThat(TableContent.sameRows(TableContent.rows(filtered, "id"), TableContent.expectedFull(expected, People.COLUMNS), Duration.ZERO))
                .isTrue();

        Dataset<Row> projected = source.read(env, ReadRequest.all(Transformations.parse(Plans.json(Plans.columnsFilter("STRING"))), 1));
        Dataset<Row> lower = projected.toDF("id", "region", "phone_number", "region2", "number", "registered_at");
        assertThat(TableContent.sameRows(TableContent.rows(lower, "id"), TableContent.expectedColumnsFiltered(People.all()), Duration.ZERO)).isTrue();
    }

    @Test
    void fullRunsThroughTheControllerInBothDirections() { // #14 and #17 end to end, random catalog names
        TransferController controller = TransferController.standard(new SharedSpark(), Map.of(), Map.of(), new SecretRedactor());

        assertThat(controller.run(Plans.full("postgres", pg.merged(), "public.source_table", "iceberg", catalog.mergedDirectBearer(TOKEN),
                "syncm.run_target", "[]", 2)).rowsWritten().orElseThrow()).isEqualTo(27);
        assertThat(TableContent.sameRows(TableContent.rows(spark.table("ice_test.syncm.run_target"), "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO)).isTrue();

        controller.run(Plans.full("iceberg", catalog.mergedDirectBearer(TOKEN), "syncm.run_target", "postgres", pg.merged(), "public.from_iceberg",
                "[]", 1));
        assertThat(TableContent.sameRows(TableContent.rows(pg, "from_iceberg", "id"), TableContent.expectedFull(People.all(), People.COLUMNS),
                Duration.ZERO)).isTrue();
    }

    @Test
    void catalogSettingsFollowUpstreamForEveryFlavour() {
        IcebergCatalog direct = IcebergCatalog.validate(spec(FailureSide.TARGET, catalog.mergedDirectBearer("t0k"), "a.b.c", null));
        assertThat(direct.name()).matches("iceberg_[0-9a-f]{8}");
        String p = "spark.sql.catalog." + direct.name();
        assertThat(direct.sparkConf()).containsEntry(p, "org.apache.iceberg.spark.SparkCatalog").containsEntry(p + ".type", "rest")
                .containsEntry(p + ".rest.auth.type", "oauth2").containsEntry(p + ".token", "t0k")
                .containsEntry(p + ".warehouse", "s3a://warehouse/").containsEntry(p + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry(p + ".s3.path-style-access", "true").containsEntry(p + ".client.region", "us-east-1");
        assertThat(direct.tableSql()).isEqualTo("`" + direct.name() + "`.`a`.`b`.`c`");

        ObjectNode delegated = Plans.JSON.createObjectNode().put("rest_catalog_url", "https://cat.example/api")
                .put("s3_warehouse_name", "wh").put("rest_catalog_oauth2_client_id", "id").put("rest_catalog_oauth2_client_secret", "sec")
                .put("rest_catalog_oauth2_token_endpoint", "https://idp.example/token").put("rest_catalog_oauth2_audience", "aud");
        delegated.putArray("rest_catalog_oauth2_scopes").add("catalog").add("read");
        IcebergCatalog oauth = IcebergCatalog.validate(spec(FailureSide.SOURCE, delegated, "ns.t", "my_cat"));
        String q = "spark.sql.catalog.my_cat";
        assertThat(oauth.sparkConf()).containsEntry(q + ".credential", "id:sec").containsEntry(q + ".token-exchange-enabled", "false")
                .containsEntry(q + ".oauth2-server-uri", "https://idp.example/token").containsEntry(q + ".scope", "catalog read")
                .containsEntry(q + ".audience", "aud").containsEntry(q + ".warehouse", "wh")
                .containsEntry(q + ".header.X-Iceberg-Access-Delegation", "vended-credentials").doesNotContainKey(q + ".io-impl");
        assertThat(oauth.secrets()).containsExactly("sec");
    }

    @Test
    void badInputFailsNamingTheFieldWithoutSecrets() {
        assertThatThrownBy(() -> target("syncm.t", "spark_catalog")).isInstanceOf(RunFailure.class).hasMessageContaining("catalog_name");
        assertThatThrownBy(() -> target("syncm.t", "bad-name")).isInstanceOf(RunFailure.class).hasMessageContaining("catalog_name");
        assertThatThrownBy(() -> target("no_namespace", null)).isInstanceOf(RunFailure.class).hasMessageContaining("table_name");
        ObjectNode noToken = catalog.mergedDirectBearer(TOKEN);
        noToken.remove("rest_catalog_token");
        assertThatThrownBy(() -> ICEBERG.target(spec(FailureSide.TARGET, noToken, "syncm.t", null)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("rest_catalog_token");
        ObjectNode delegatedWithKeys = Plans.JSON.createObjectNode().put("rest_catalog_url", "http://127.0.0.1:1/").put("rest_catalog_token", "x")
                .put("s3_access_key", "k").put("s3_secret_key", "very-secret");
        assertThatThrownBy(() -> ICEBERG.target(spec(FailureSide.TARGET, delegatedWithKeys, "syncm.t", null)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("s3_access_key").hasMessageNotContaining("very-secret");
        ObjectNode notUrl = catalog.mergedDirectBearer(TOKEN).put("rest_catalog_url", "ftp://x");
        assertThatThrownBy(() -> ICEBERG.target(spec(FailureSide.TARGET, notUrl, "syncm.t", null)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("rest_catalog_url");

        assertThatThrownBy(() -> ICEBERG.source(spec(FailureSide.SOURCE, catalog.mergedDirectBearer(TOKEN), "syncm.no_such_table", null)).check(env))
                .isInstanceOf(RunFailure.class).hasMessageContaining("source table syncm.no_such_table does not exist");
        assertThatThrownBy(() -> target("no_such_ns.t", null).check(env))
                .isInstanceOf(RunFailure.class).hasMessageContaining("target namespace 'no_such_ns' does not exist");
        ObjectNode unreachable = catalog.mergedDirectBearer(TOKEN).put("rest_catalog_url", "http://127.0.0.1:1/");
        assertThatThrownBy(() -> ICEBERG.target(spec(FailureSide.TARGET, unreachable, "syncm.t", null)).check(env))
                .isInstanceOf(RunFailure.class).hasMessageContaining("cannot reach the Iceberg REST catalog").hasMessageNotContaining(TOKEN);
    }
}
