package io.syncmaster.worker.runner.connector.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.time.LocalDateTime;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.transform.Transformations;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ColumnValue;
import io.syncmaster.worker.runner.connector.ColumnRange;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.StrategyFactory;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transfer.TransferPlan;
import io.syncmaster.worker.runner.transfer.fastpath.PostgresCopyPipe;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * <b>Dialect-shape tests</b> (connectors.md §5): PostgreSQL ↔ Oracle and PostgreSQL ↔ MSSQL, strategy full, through the
 * real connectors, controller and Spark's real {@code OracleDialect}/{@code MsSqlServerDialect}, with an in-memory H2
 * in Oracle / MSSQLServer mode standing in for the server ({@link H2ShimDriver}). The data is compared row by row
 * after casting to the source types. What these tests cannot prove (real type mapping, real error codes, LIKE
 * character classes, ORA_HASH / BINARY_CHECKSUM partitions, transactional DDL) is listed in docs/connectors.md.
 */
@Tag("dialect-shape")
class OracleMsSqlDialectShapeTest {
    private static final SharedSpark SPARK = new SharedSpark();
    private static ScratchDatabase postgres;
    private static ShimDatabase oracle;
    private static ShimDatabase mssql;

    @BeforeAll
    static void createDatabases() {
        postgres = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "shape");
        People.createSource(postgres, "source_table", false);
        People.createSource(postgres, "mixed_source", true);
        oracle = new ShimDatabase(ShimDatabase.Mode.ORACLE);
        oracle.createPeople("source_table", false);
        oracle.createPeople("mixed_source", true);
        mssql = new ShimDatabase(ShimDatabase.Mode.MSSQL);
        mssql.createPeople("source_table", false);
        mssql.createPeople("mixed_source", true);
    }

    @AfterAll
    static void dropDatabases() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static long run(TransferPlan plan) {
        ConnectorRegistry registry = new ConnectorRegistry(List.of(new PostgresConnector(), new MySqlConnector(),
                new OracleConnector(H2ShimDriver.class.getName()), new MsSqlConnector(H2ShimDriver.class.getName())));
        return new TransferController(registry, SPARK, Map.of(), Map.of(), new SecretRedactor(), StrategyFactory.fullOnly(),
                List.of(new PostgresCopyPipe())).run(plan).rowsWritten().orElseThrow();
    }

    private static TransferPlan toShim(String sourceTable, ShimDatabase target, ObjectNode targetMerged, String targetTable,
            String transformations) {
        return plan("postgres", postgres.merged(), postgres.schema() + "." + sourceTable, target.connectionType(), targetMerged,
                target.schema() + "." + targetTable, transformations);
    }

    private static TransferPlan fromShim(ShimDatabase source, String sourceTable, String targetTable, String transformations) {
        return plan(source.connectionType(), source.merged(), source.schema() + "." + sourceTable, "postgres", postgres.merged(),
                "public." + targetTable, transformations);
    }

    private static TransferPlan plan(String sourceType, ObjectNode sourceMerged, String sourceTable, String targetType,
            ObjectNode targetMerged, String targetTable, String transformations) {
        return TransferPlan.create(System.nanoTime() % 1_000_000, 77, "tests", "shape",
                new ConnectionSpec(1, sourceType, "source", sourceMerged), new ConnectionSpec(2, targetType, "target", targetMerged),
                Plans.json("{\"type\": \"full\"}"),
                Plans.JSON.createObjectNode().put("type", sourceType).put("table_name", sourceTable),
                Plans.JSON.createObjectNode().put("type", targetType).put("table_name", targetTable),
                Plans.json(transformations), Plans.json("{\"max_parallel_tasks\": 1}"));
    }

    private static List<Map<String, Object>> pgRows(String table, String ignoredOrderBy) {
        try (Connection connection = postgres.connect()) {
            return ShimDatabase.rawRows(connection, "public." + table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> expectedFull(List<People.Person> people, List<String> columns) {
        return TableContent.expectedFull(people, columns);
    }

    @Test
    void postgresToOracleFullUpperCasesColumns() { // #32
        assertThat(run(toShim("source_table", oracle, oracle.merged(), "target_table", "[]"))).isEqualTo(27);

        assertThat(oracle.columns("target_table"))
                .containsExactly("ID", "PHONE_NUMBER", "REGION", "NUMBER", "BIRTH_DATE", "REGISTERED_AT", "ACCOUNT_BALANCE");
        List<Map<String, Object>> expected = expectedFull(People.all(), People.COLUMNS);
        assertThat(ShimDatabase.castLike(oracle.rawRows("target_table"), expected)).isEqualTo(expected);
        assertThat(oracle.stagingTables()).isEmpty();
    }

    @Test
    void postgresToOracleMixedNaming() { // #33
        run(toShim("mixed_source", oracle, oracle.merged(), "mixed_target", "[]"));

        assertThat(oracle.columns("mixed_target"))
                .containsExactly("ID", "PHONE NUMBER", "REGION", "NUMBER", "BIRTH_DATE", "REGISTERED AT", "ACCOUNT_BALANCE");
        List<Map<String, Object>> expected = expectedFull(People.mixedNaming(), People.MIXED_COLUMNS);
        assertThat(ShimDatabase.castLike(oracle.rawRows("mixed_target"), expected)).isEqualTo(expected);
    }

    @Test
    void oracleReplaceRenamesAnExistingTableAway() {
        oracle.execute("CREATE TABLE " + oracle.qualified("replaced") + " (\"OTHER\" VARCHAR2(10))",
                "INSERT INTO " + oracle.qualified("replaced") + " VALUES ('old')");

        run(toShim("source_table", oracle, oracle.merged(), "replaced", "[]"));

        assertThat(oracle.columns("replaced")).contains("ID").doesNotContain("OTHER");
        assertThat(oracle.rawRows("replaced")).hasSize(27);
        assertThat(oracle.stagingTables()).isEmpty();
    }

    @Test
    void oracleToPostgresWithRowsFilterRegexpLike() { // #35 as full strategy: REGEXP_LIKE
        run(fromShim(oracle, "source_table", "from_oracle_rows", Plans.ROWS_FILTER));

        List<Map<String, Object>> expected = expectedFull(People.all().stream().filter(People::passesRowsFilter).toList(), People.COLUMNS);
        assertThat(expected).hasSizeBetween(5, 20);
        assertThat(ShimDatabase.castLike(pgRows("from_oracle_rows", "id"), expected)).isEqualTo(expected);
    }

    @Test
    void oracleToPostgresWithColumnsFilterVarchar2Cast() { // #35 columns filter
        run(fromShim(oracle, "source_table", "from_oracle_columns", Plans.columnsFilter("VARCHAR2(30)")));

        assertThat(TableContent.columns(postgres, "from_oracle_columns"))
                .containsExactly("id", "region", "phone_number", "region2", "number", "registered_at");
        List<Map<String, Object>> expected = TableContent.expectedColumnsFiltered(People.all());
        assertThat(ShimDatabase.castLike(pgRows("from_oracle_columns", "id"), expected)).isEqualTo(expected);
    }

    @Test
    void oracleToPostgresMixedNaming() { // #36
        run(fromShim(oracle, "mixed_source", "from_oracle_mixed", "[]"));

        assertThat(TableContent.columns(postgres, "from_oracle_mixed"))
                .containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
        List<Map<String, Object>> expected = expectedFull(People.mixedNaming(), People.MIXED_COLUMNS);
        assertThat(ShimDatabase.castLike(pgRows("from_oracle_mixed", "id"), expected)).isEqualTo(expected);
    }

    @Test
    void postgresToMssqlFullKeepsMicroseconds() { // #20 (upstream compares to the second; DATETIME2(6) keeps µs)
        assertThat(run(toShim("source_table", mssql, mssql.merged(), "target_table", "[]"))).isEqualTo(27);

        assertThat(mssql.columns("target_table"))
                .containsExactly("id", "phone_number", "region", "number", "birth_date", "registered_at", "account_balance");
        List<Map<String, Object>> expected = expectedFull(People.all(), People.COLUMNS);
        assertThat(ShimDatabase.castLike(mssql.rawRows("target_table"), expected)).isEqualTo(expected);
        assertThat(mssql.stagingTables()).isEmpty();
    }

    @Test
    void postgresToMssqlMixedNaming() { // #21
        run(toShim("mixed_source", mssql, mssql.merged(), "mixed_target", "[]"));

        assertThat(mssql.columns("mixed_target"))
                .containsExactly("id", "phone number", "region", "number", "birth_date", "registered at", "account_balance");
    }

    @Test
    void mssqlReplaceSwapsAnExistingTable() {
        mssql.execute("CREATE TABLE " + mssql.qualified("replaced") + " (\"other\" NVARCHAR(10))",
                "INSERT INTO " + mssql.qualified("replaced") + " VALUES ('old')");

        run(toShim("source_table", mssql, mssql.merged(), "replaced", "[]"));

        assertThat(mssql.columns("replaced")).contains("id").doesNotContain("other");
        assertThat(mssql.rawRows("replaced")).hasSize(27);
        assertThat(mssql.stagingTables()).isEmpty();
    }

    @Test
    void mssqlToPostgresWithColumnsFilterAndLikeFilters() { // #23 without the [..] pattern, which H2 silently matches never
        String filters = """
                [{"type": "dataframe_rows_filter", "filters": [
                  {"type": "is_not_null", "field": "BIRTH_DATE"},
                  {"type": "less_or_equal", "field": "NUMBER", "value": "25"},
                  {"type": "not_like", "field": "REGION", "value": "%port"},
                  {"type": "not_ilike", "field": "REGION", "value": "new%"}]},
                 {"type": "dataframe_columns_filter", "filters": [
                  {"type": "include", "field": "ID"}, {"type": "include", "field": "REGION"},
                  {"type": "include", "field": "PHONE_NUMBER"}, {"type": "rename", "field": "REGION", "to": "REGION2"},
                  {"type": "cast", "field": "NUMBER", "as_type": "VARCHAR(30)"}, {"type": "include", "field": "REGISTERED_AT"}]}]""";
        run(fromShim(mssql, "source_table", "from_mssql", filters));

        List<People.Person> kept = People.all().stream().filter(p -> p.number() <= 25 && !p.region().endsWith("port")
                && !p.region().toLowerCase(Locale.ROOT).startsWith("new")).toList();
        List<Map<String, Object>> expected = TableContent.expectedColumnsFiltered(kept);
        assertThat(ShimDatabase.castLike(pgRows("from_mssql", "id"), expected)).isEqualTo(expected);
    }

    @Test
    void mssqlToPostgresMixedNaming() { // #24
        run(fromShim(mssql, "mixed_source", "from_mssql_mixed", "[]"));

        List<Map<String, Object>> expected = expectedFull(People.mixedNaming(), People.MIXED_COLUMNS);
        assertThat(ShimDatabase.castLike(pgRows("from_mssql_mixed", "id"), expected)).isEqualTo(expected);
    }

    @Test
    void aFailureWhileWritingOracleLeavesTheTargetAsItWas() {
        oracle.execute("CREATE TABLE " + oracle.qualified("kept") + " (\"ID\" NUMBER(10))",
                "INSERT INTO " + oracle.qualified("kept") + " VALUES (5)");
        String badCast = """
                [{"type": "dataframe_columns_filter", "filters": [{"type": "cast", "field": "REGION", "as_type": "INTEGER"}]}]""";

        assertThatThrownBy(() -> run(toShim("source_table", oracle, oracle.merged(), "kept", badCast)))
                .isInstanceOfSatisfying(RunFailure.class, e -> assertThat(e.side()).isEqualTo(FailureSide.SOURCE));

        assertThat(oracle.rawRows("kept")).hasSize(1);
        assertThat(oracle.stagingTables()).isEmpty();
    }

    @Test
    void aMissingTargetSchemaIsATargetErrorAndNothingIsWritten() {
        assertThatThrownBy(() -> run(plan("postgres", postgres.merged(), "public.source_table", "mssql", mssql.merged(),
                "nosuchschema.target_table", "[]")))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.TARGET);
                    assertThat(e.getMessage()).isEqualTo("the target schema 'nosuchschema' does not exist");
                });
    }

    @Test
    void aMissingOracleSourceTableIsASourceError() {
        assertThatThrownBy(() -> run(fromShim(oracle, "no_such_table", "never_written", "[]")))
                .isInstanceOfSatisfying(RunFailure.class, e -> {
                    assertThat(e.side()).isEqualTo(FailureSide.SOURCE);
                    assertThat(e.getMessage()).contains("SYNC.no_such_table").contains("ORA-00942").doesNotContain("tiger-secret");
                });
        assertThat(TableContent.exists(postgres, "never_written")).isFalse();
    }

    @Test
    void incrementalRangeAndWindowUseEachDialectsLiterals() {
        for (ShimDatabase shim : List.of(oracle, mssql)) {
            JdbcConnector connector = shim == oracle ? new OracleConnector(H2ShimDriver.class.getName())
                    : new MsSqlConnector(H2ShimDriver.class.getName());
            SideSpec spec = new SideSpec(FailureSide.SOURCE, new ConnectionSpec(1, shim.connectionType(), "s", shim.merged()),
                    Plans.JSON.createObjectNode().put("type", shim.connectionType()).put("table_name", shim.schema() + ".source_table"),
                    new RunIdentity(1, 1, "app", Optional.empty()));
            RunEnvironment env = new RunEnvironment(SharedSpark.session(), Path.of(System.getProperty("java.io.tmpdir")), "t",
                    new SecretRedactor());
            JdbcSource source = (JdbcSource) connector.source(spec);
            source.check(env);
            LocalDateTime at = People.all().get(0).registeredAt();

            ColumnRange range = source.range(env, "REGISTERED_AT", Transformations.none(), Optional.of(new ColumnValue.Timestamp(at)));
            assertThat(range.kind()).as(shim.connectionType()).isEqualTo(ColumnValue.Kind.TIMESTAMP);
            assertThat(((ColumnValue.Timestamp) range.min().orElseThrow()).value()).as(shim.connectionType()).isEqualTo(at);
            long after = People.all().stream().filter(p -> p.registeredAt().isAfter(at)).count();
            assertThat(source.read(env, new ReadRequest(Transformations.none(), 1, new ReadScope.ColumnWindow("REGISTERED_AT",
                    Optional.of(new ColumnValue.Timestamp(at)), range.max()))).count()).as(shim.connectionType()).isEqualTo(after);
            ColumnRange numbers = source.range(env, "NUMBER", Transformations.none(), Optional.of(new ColumnValue.Number(BigDecimal.TEN)));
            assertThat(((ColumnValue.Number) numbers.max().orElseThrow()).value()).as(shim.connectionType()).isEqualByComparingTo("27");
        }
    }
}
