package io.syncmaster.worker.runner.connector.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.jdbc.PartitionPlan;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transfer.TransferPlan;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * Parallel reads on real PostgreSQL and MariaDB (issue 11): the plan each source gets (block ranges, integer-key
 * ranges, hash), and, with 2 and 4 partitions, every source row arriving exactly once in the target (compared row by
 * row), NULL keys and empty tables included, through the COPY pipe and through Spark's JDBC path.
 */
class ParallelReadTest {
    private static final String ID_ABOVE_5 = """
            [{"type": "dataframe_rows_filter", "filters": [{"type": "greater_than", "field": "id", "value": "5"}]}]""";
    private static ScratchDatabase postgres;
    private static ScratchDatabase mysql;
    private static final SharedSpark SPARK = new SharedSpark();

    @BeforeAll
    static void createTables() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "parallel");
        mysql = ScratchDatabase.create(ScratchDatabase.Kind.MARIADB, "parallel");
        postgres.execute("CREATE TABLE heap_rows (id int, name text)",
                "INSERT INTO heap_rows SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE g END, 'row ' || g FROM generate_series(1, 20000) g",
                "CREATE TABLE keyed (id int PRIMARY KEY, name text)",
                "INSERT INTO keyed SELECT g, 'row ' || g FROM generate_series(1, 5000) g",
                "CREATE TABLE empty_rows (id int, name text)",
                "CREATE VIEW rows_view AS SELECT * FROM heap_rows WHERE id IS NULL OR id > 100");
        String db = mysql.name();
        mysql.execute("CREATE TABLE " + db + ".my_keyed (id bigint PRIMARY KEY, name varchar(50))",
                "INSERT INTO " + db + ".my_keyed SELECT seq, CONCAT('row ', seq) FROM seq_1_to_20000",
                "CREATE TABLE " + db + ".my_indexed (k int NULL, name varchar(50), INDEX (k))",
                "INSERT INTO " + db + ".my_indexed SELECT IF(seq % 7 = 0, NULL, CAST(seq AS SIGNED) - 300), CONCAT('row ', seq) FROM seq_1_to_10000",
                "CREATE TABLE " + db + ".my_plain (name varchar(50))",
                "INSERT INTO " + db + ".my_plain SELECT CONCAT('row ', seq) FROM seq_1_to_3000",
                "CREATE TABLE " + db + ".my_empty (id int PRIMARY KEY, name varchar(50))");
    }

    @AfterAll
    static void dropDatabases() {
        if (postgres != null) {
            postgres.close();
        }
        if (mysql != null) {
            mysql.close();
        }
    }

    private static RunEnvironment env() {
        return new RunEnvironment(SharedSpark.session(), Path.of(System.getProperty("java.io.tmpdir")), "test", new SecretRedactor());
    }

    private static PartitionPlan plan(ScratchDatabase db, String table, String transformations, int partitions) {
        JdbcConnector connector = db.kind() == ScratchDatabase.Kind.POSTGRES ? new PostgresConnector() : new MySqlConnector();
        SideSpec spec = new SideSpec(FailureSide.SOURCE, new ConnectionSpec(1, db.connectionType(), "s", db.merged()),
                Plans.JSON.createObjectNode().put("type", db.connectionType()).put("table_name", db.schema() + "." + table),
                new RunIdentity(1, 1, "app", Optional.empty()));
        JdbcSource source = (JdbcSource) connector.source(spec);
        source.check(env());
        return source.prepare(ReadRequest.all(Transformations.parse(Plans.json(transformations)), partitions)).partitionPlan();
    }

    private static long transfer(ScratchDatabase source, String table, ScratchDatabase target, String targetTable, String transformations,
            int partitions) {
        TransferPlan plan = Plans.full(source, table, target, targetTable, transformations, partitions);
        return TransferController.standard(SPARK, Map.of(), Map.of(), new SecretRedactor()).run(plan).rowsWritten().orElseThrow();
    }

    /** {@code name|key} per row, sorted; {@code key} is "null" for NULL. */
    private static List<String> rows(ScratchDatabase db, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getMetaData().getColumnCount() == 1 ? rs.getString(1) : rs.getString(1) + "|" + rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void plansPerSourceShape() {
        assertThat(plan(postgres, "heap_rows", "[]", 4).reason()).startsWith("block ranges");
        assertThat(plan(postgres, "heap_rows", "[]", 4).predicates()).hasSize(4);
        assertThat(plan(postgres, "keyed", ID_ABOVE_5, 2).reason()).startsWith("ranges of the integer key id");
        assertThat(plan(postgres, "rows_view", "[]", 2).reason()).startsWith("hash");
        assertThat(plan(postgres, "heap_rows", "[]", 1).predicates()).isEmpty();
        assertThat(plan(mysql, "my_keyed", "[]", 2).reason()).startsWith("ranges of the integer key id in [1, 20000]");
        assertThat(plan(mysql, "my_indexed", "[]", 2).reason()).startsWith("ranges of the integer key k");
        assertThat(plan(mysql, "my_plain", "[]", 2).reason()).startsWith("hash");
        assertThat(plan(mysql, "my_empty", "[]", 2).reason()).startsWith("no values of the key id");
    }

    @Test
    void blockRangePredicatesAreReadByATidRangeScan() {
        PartitionPlan plan = plan(postgres, "heap_rows", "[]", 4);
        List<String> explain = rows(postgres, "EXPLAIN SELECT * FROM public.heap_rows WHERE " + plan.predicates().get(1));

        assertThat(String.join("\n", explain)).contains("Tid Range Scan");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void postgresToPostgresThroughTheCopyPipeReadsEveryRowOnce(int partitions) {
        String suffix = "_" + partitions;
        assertThat(transfer(postgres, "heap_rows", postgres, "heap_copy" + suffix, "[]", partitions)).isEqualTo(20000);
        assertThat(rows(postgres, "SELECT name, id FROM heap_copy" + suffix)).isEqualTo(rows(postgres, "SELECT name, id FROM heap_rows"));

        transfer(postgres, "keyed", postgres, "keyed_copy" + suffix, ID_ABOVE_5, partitions);
        assertThat(rows(postgres, "SELECT name, id FROM keyed_copy" + suffix))
                .isEqualTo(rows(postgres, "SELECT name, id FROM keyed WHERE id > 5"));

        transfer(postgres, "rows_view", postgres, "view_copy" + suffix, "[]", partitions);
        assertThat(rows(postgres, "SELECT name, id FROM view_copy" + suffix)).isEqualTo(rows(postgres, "SELECT name, id FROM rows_view"));

        assertThat(transfer(postgres, "empty_rows", postgres, "empty_copy" + suffix, "[]", partitions)).isZero();
        assertThat(rows(postgres, "SELECT name, id FROM empty_copy" + suffix)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void postgresToMariaDbThroughSparkReadsEveryRowOnce(int partitions) {
        String table = "from_pg_" + partitions;
        transfer(postgres, "heap_rows", mysql, table, "[]", partitions);

        assertThat(rows(mysql, "SELECT name, id FROM " + mysql.name() + "." + table)).isEqualTo(rows(postgres, "SELECT name, id FROM heap_rows"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void mariaDbToPostgresReadsEveryRowOnce(int partitions) {
        String db = mysql.name() + ".";
        String suffix = "_" + partitions;
        transfer(mysql, "my_keyed", postgres, "my_keyed" + suffix, "[]", partitions);
        assertThat(rows(postgres, "SELECT name, id FROM my_keyed" + suffix)).isEqualTo(rows(mysql, "SELECT name, id FROM " + db + "my_keyed"));

        transfer(mysql, "my_indexed", postgres, "my_indexed" + suffix, "[]", partitions);
        assertThat(rows(postgres, "SELECT name, k FROM my_indexed" + suffix)).hasSize(10000)
                .isEqualTo(rows(mysql, "SELECT name, k FROM " + db + "my_indexed"));

        transfer(mysql, "my_plain", postgres, "my_plain" + suffix, "[]", partitions);
        assertThat(rows(postgres, "SELECT name, 'x' FROM my_plain" + suffix)).isEqualTo(rows(mysql, "SELECT name, 'x' FROM " + db + "my_plain"));

        assertThat(transfer(mysql, "my_empty", postgres, "my_empty" + suffix, "[]", partitions)).isZero();
        assertThat(rows(postgres, "SELECT name, id FROM my_empty" + suffix)).isEmpty();
    }
}
