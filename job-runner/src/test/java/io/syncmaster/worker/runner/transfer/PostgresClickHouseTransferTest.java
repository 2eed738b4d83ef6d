package io.syncmaster.worker.runner.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.database.clickhouse.ClickHouseDriver;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.ClickHouseServer;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.People.Person;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;

/**
 * PostgreSQL ↔ ClickHouse through the controller, strategy full: checklist rows #1 (rows filter and columns filter,
 * parallel hash read), #3, #5 (both cases), #6 of transfer-semantics §6.2, on CI's ClickHouse 18.16 with the legacy
 * driver. 18.16 has no DateTime64, so ClickHouse keeps whole seconds and timestamps are compared within 1 s.
 */
class PostgresClickHouseTransferTest {
    private static final Duration SECONDS_ONLY = Duration.ofSeconds(1);
    private static final SharedSpark SPARK = new SharedSpark();
    /** 18.16's Date starts in 1970: the data sets with every birth date moved 10 years later. */
    private static final List<Person> PEOPLE = People.bornAfter1970(People.all());
    private static final List<Person> MIXED = People.bornAfter1970(People.mixedNaming());
    private static ScratchDatabase postgres;
    private static ClickHouseServer clickhouse;

    @BeforeAll
    static void start() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "pgch");
        People.createSource(postgres, "source_table", false, PEOPLE);
        People.createSource(postgres, "mixed_source", true, MIXED);
        People.createSource(postgres, "keyed_source", false, PEOPLE);
        People.createSource(postgres, "born_before_1970", false);
        postgres.execute("ALTER TABLE public.keyed_source ADD PRIMARY KEY (\"NUMBER\", \"ID\")");
        clickhouse = ClickHouseServer.start();
        clickhouse.execute("CREATE DATABASE syncm");
        createClickHouseSource("source_table", People.COLUMNS, PEOPLE);
        createClickHouseSource("mixed_source", People.MIXED_COLUMNS, MIXED);
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) {
            clickhouse.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static long run(TransferPlan plan) {
        return TransferController.standard(SPARK, Map.of(), Map.of(), new SecretRedactor()).run(plan).rowsWritten().orElseThrow();
    }

    private static TransferPlan toClickHouse(String sourceTable, String targetTable, String transformations, int tasks) {
        return Plans.full("postgres", postgres.merged(), "public." + sourceTable, "clickhouse", clickhouse.merged(), "syncm." + targetTable,
                transformations, tasks);
    }

    private static TransferPlan fromClickHouse(String sourceTable, String targetTable, String transformations, int tasks) {
        return Plans.full("clickhouse", clickhouse.merged(), "syncm." + sourceTable, "postgres", postgres.merged(), "public." + targetTable,
                transformations, tasks);
    }

    @Test
    void postgresToClickHouseWithRowsFilter() { // #1, rows filter, 2 parallel tasks
        long rows = run(toClickHouse("source_table", "target_table", Plans.ROWS_FILTER, 2));

        List<Person> expected = PEOPLE.stream().filter(People::passesRowsFilter).toList();
        assertThat(rows).isEqualTo(expected.size()).isBetween(1L, 26L);
        assertThat(TableContent.sameRows(clickHouseRows("target_table"), TableContent.expectedFull(expected, People.COLUMNS), SECONDS_ONLY))
                .isTrue();
        assertThat(clickHouseScalar("SELECT engine || ' ' || sorting_key FROM system.tables WHERE database = 'syncm' AND name = 'target_table'"))
                .isEqualTo("MergeTree ");
        assertThat(clickHouseStagingTables()).isEmpty();
    }

    @Test
    void postgresToClickHouseWithColumnsFilter() { // #1, columns filter
        run(toClickHouse("source_table", "projected_target", Plans.columnsFilter("VARCHAR(30)"), 2));

        assertThat(TableContent.sameRows(clickHouseRows("projected_target"), TableContent.expectedColumnsFiltered(PEOPLE), SECONDS_ONLY))
                .isTrue();
    }

    @Test
    void postgresToClickHouseMixedNaming() { // #3
        run(toClickHouse("mixed_source", "mixed_target", "[]", 1));

        Dataset<Row> back = clickHouseTable("mixed_target");
        assertThat(back.columns()).containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(back, "id"), TableContent.expectedFull(MIXED, People.MIXED_COLUMNS),
                SECONDS_ONLY)).isTrue();
    }

    @Test
    void theSortingKeyIsTheSourcesPrimaryKeyAndAReplaceSwapsTheTable() {
        clickhouse.execute("CREATE TABLE syncm.keyed_target (other String) ENGINE = MergeTree() ORDER BY tuple()",
                "INSERT INTO syncm.keyed_target VALUES ('old')");

        assertThat(run(toClickHouse("keyed_source", "keyed_target", "[]", 1))).isEqualTo(27);

        assertThat(clickHouseScalar("SELECT sorting_key FROM system.tables WHERE database = 'syncm' AND name = 'keyed_target'"))
                .isEqualTo("number, id");
        assertThat(TableContent.sameRows(clickHouseRows("keyed_target"), TableContent.expectedFull(PEOPLE, People.COLUMNS), SECONDS_ONLY))
                .isTrue();
        assertThat(clickHouseStagingTables()).isEmpty();
    }

    @Test
    void clickHouseToPostgresWithRowsFilter() { // #5, ClickHouse match() and lowerUTF8 LIKE
        long rows = run(fromClickHouse("source_table", "from_ch_filtered", Plans.ROWS_FILTER, 2));

        List<Person> expected = PEOPLE.stream().filter(People::passesRowsFilter).toList();
        assertThat(rows).isEqualTo(expected.size());
        assertThat(TableContent.sameRows(TableContent.rows(postgres, "from_ch_filtered", "id"),
                TableContent.expectedFull(expected, People.COLUMNS), SECONDS_ONLY)).isTrue();
    }

    @Test
    void clickHouseToPostgresWithColumnsFilter() { // #5, CAST(NUMBER AS VARCHAR(30))
        run(fromClickHouse("source_table", "from_ch_projected", Plans.columnsFilter("String"), 1)); // 18.16: String takes no length

        assertThat(TableContent.sameRows(TableContent.rows(postgres, "from_ch_projected", "id"),
                TableContent.expectedColumnsFiltered(PEOPLE), SECONDS_ONLY)).isTrue();
    }

    @Test
    void clickHouseToPostgresMixedNaming() { // #6
        run(fromClickHouse("mixed_source", "from_ch_mixed", "[]", 1));

        assertThat(TableContent.columns(postgres, "from_ch_mixed"))
                .containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        assertThat(TableContent.sameRows(TableContent.rows(postgres, "from_ch_mixed", "id"),
                TableContent.expectedFull(MIXED, People.MIXED_COLUMNS), SECONDS_ONLY)).isTrue();
    }

    @Test
    void badInputFailsClearlyWithoutSecretsAndLeavesTheTargetAlone() {
        clickhouse.execute("CREATE TABLE syncm.kept_target (id Int64) ENGINE = MergeTree() ORDER BY id", "INSERT INTO syncm.kept_target VALUES (5)");

        ObjectNode wrongPassword = clickhouse.merged().put("password", "not-the-password-xyz");
        assertThatThrownBy(() -> run(Plans.full("postgres", postgres.merged(), "public.source_table", "clickhouse", wrongPassword,
                "syncm.kept_target", "[]", 1))).isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.TARGET);
                    assertThat(e.getMessage()).contains("Wrong password").doesNotContain("not-the-password-xyz");
                });

        ObjectNode closedPort = clickhouse.merged().put("port", 1);
        assertThatThrownBy(() -> run(Plans.full("clickhouse", closedPort, "syncm.source_table", "postgres", postgres.merged(),
                "public.never_written", "[]", 1))).isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e.getMessage()).containsIgnoringCase("connect");
                });

        assertThatThrownBy(() -> run(fromClickHouse("no_such_table", "never_written", "[]", 1)))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e.getMessage()).contains("no_such_table");
                });

        assertThatThrownBy(() -> run(Plans.full("postgres", postgres.merged(), "public.source_table", "clickhouse", clickhouse.merged(),
                "no_such_db.kept_target", "[]", 1))).isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.TARGET);
                    assertThat(e.getMessage()).contains("no_such_db");
                });

        ObjectNode noHost = clickhouse.merged();
        noHost.remove("host");
        assertThatThrownBy(() -> run(Plans.full("postgres", postgres.merged(), "public.source_table", "clickhouse", noHost,
                "syncm.kept_target", "[]", 1))).isInstanceOf(RunFailure.class).hasMessageContaining("field 'host' is missing");

        String badCast = "[{\"type\": \"dataframe_columns_filter\", \"filters\": [{\"type\": \"cast\", \"field\": \"REGION\", \"as_type\": \"integer\"}]}]";
        assertThatThrownBy(() -> run(toClickHouse("source_table", "kept_target", badCast, 1))).isInstanceOf(RunFailure.class);

        assertThat(TableContent.rows(clickHouseTable("kept_target"), "id")).extracting(r -> r.get("id")).containsExactly(5L);
        assertThat(clickHouseStagingTables()).isEmpty();
        assertThat(TableContent.exists(postgres, "never_written")).isFalse();
    }

    @Test
    void aDateTheServersTypeCannotHoldFailsTheRunNamingTheColumn() {
        clickhouse.execute("CREATE TABLE syncm.dated_target (id Int64) ENGINE = MergeTree() ORDER BY id", "INSERT INTO syncm.dated_target VALUES (7)");

        assertThatThrownBy(() -> run(toClickHouse("born_before_1970", "dated_target", "[]", 1)))
                .isInstanceOf(RunFailure.class).hasMessageContaining("column 'birth_date' holds a date outside 1970-01-01");

        assertThat(TableContent.rows(clickHouseTable("dated_target"), "id")).extracting(r -> r.get("id")).containsExactly(7L);
        assertThat(clickHouseStagingTables()).isEmpty();
    }

    private static void createClickHouseSource(String table, List<String> columns, List<Person> people) {
        String[] types = {"Int32", "String", "String", "Int32", "Date", "DateTime", "Float64"};
        StringBuilder ddl = new StringBuilder("CREATE TABLE syncm." + table + " (");
        StringBuilder insert = new StringBuilder("INSERT INTO syncm." + table + " (");
        for (int i = 0; i < columns.size(); i++) {
            String quoted = "\"" + columns.get(i) + "\"";
            ddl.append(i > 0 ? ", " : "").append(quoted).append(' ').append(types[i]);
            insert.append(i > 0 ? ", " : "").append(quoted);
        }
        ddl.append(") ENGINE = MergeTree() ORDER BY tuple()");
        insert.append(") VALUES (?, ?, ?, ?, ?, ?, ?)");
        try (Connection connection = clickhouse.connect()) {
            connection.createStatement().execute(ddl.toString());
            try (PreparedStatement statement = connection.prepareStatement(insert.toString())) {
                for (Person p : people) {
                    statement.setInt(1, p.id());
                    statement.setString(2, p.phone());
                    statement.setString(3, p.region());
                    statement.setInt(4, p.number());
                    statement.setDate(5, java.sql.Date.valueOf(p.birthDate()));
                    statement.setTimestamp(6, Timestamp.valueOf(p.registeredAt().withNano(0))); // 18.16 DateTime: whole seconds
                    statement.setDouble(7, p.balance());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dataset<Row> clickHouseTable(String table) {
        Properties props = new Properties();
        props.putAll(ClickHouseDriver.LEGACY.properties(""));
        props.setProperty("user", "default");
        props.setProperty("password", clickhouse.password());
        props.setProperty("driver", ClickHouseDriver.LEGACY.driverClass());
        return SharedSpark.session().read().jdbc(clickhouse.jdbcUrl(), "syncm." + table, props);
    }

    private static List<Map<String, Object>> clickHouseRows(String table) {
        return TableContent.rows(clickHouseTable(table), "id");
    }

    private static String clickHouseScalar(String sql) {
        try (Connection connection = clickhouse.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> clickHouseStagingTables() {
        List<String> names = new ArrayList<>();
        try (Connection connection = clickhouse.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name FROM system.tables WHERE database = 'syncm' AND name LIKE 'syncmaster%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
