package io.syncmaster.worker.runner.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.jdbc.MySqlDialect;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.support.Plans;

/** The SQL text of transfer-semantics §3.5 per dialect, with values escaped instead of pasted. */
class SourceQueryTest {
    private static final TableName TABLE = TableName.parse("public.source_table", FailureSide.SOURCE, "source_params");

    @Test
    void rendersTheChecklistRowsFilterForPostgres() {
        SourceQuery query = new SourceQuery(PostgresDialect.INSTANCE, TABLE, Transformations.parse(Plans.json(Plans.ROWS_FILTER)));

        assertThat(query.sql()).isEqualTo("SELECT * FROM \"public\".\"source_table\" WHERE (\"BIRTH_DATE\" IS NOT NULL AND \"NUMBER\" <= E'25'"
                + " AND \"REGION\" NOT LIKE E'%port' AND \"REGION\" NOT ILIKE E'new%' AND \"PHONE_NUMBER\" ~ E'^[^+].*')");
    }

    @Test
    void rendersTheChecklistRowsFilterForMysql() {
        SourceQuery query = new SourceQuery(new MySqlDialect(true), TABLE, Transformations.parse(Plans.json(Plans.ROWS_FILTER)));

        assertThat(query.sql()).isEqualTo("SELECT * FROM `public`.`source_table` WHERE (`BIRTH_DATE` IS NOT NULL AND `NUMBER` <= '25'"
                + " AND `REGION` NOT LIKE '%port' AND NOT LOWER(`REGION`) LIKE LOWER('new%') AND `PHONE_NUMBER` RLIKE '^[^+].*')");
    }

    @Test
    void rendersTheColumnsFilterAsAProjection() {
        SourceQuery pg = new SourceQuery(PostgresDialect.INSTANCE, TABLE, Transformations.parse(Plans.json(Plans.columnsFilter("VARCHAR(30)"))));
        assertThat(pg.projection()).isEqualTo("\"ID\", \"REGION\", \"PHONE_NUMBER\", \"REGION\" AS \"REGION2\", "
                + "CAST(\"NUMBER\" AS VARCHAR(30)) AS \"NUMBER\", \"REGISTERED_AT\"");
        assertThat(pg.partitionField()).contains("\"ID\"");

        SourceQuery my = new SourceQuery(new MySqlDialect(true), TABLE, Transformations.parse(Plans.json(Plans.columnsFilter("CHAR"))));
        assertThat(my.projection()).contains("CAST(`NUMBER` AS CHAR) AS `NUMBER`").contains("`REGION` AS `REGION2`");
    }

    @Test
    void partitionsByTheSourceFieldOfARenamedFirstColumn() {
        String renameFirst = """
                [{"type": "dataframe_columns_filter", "filters": [{"type": "rename", "field": "REGION", "to": "AREA"}]}]""";
        SourceQuery query = new SourceQuery(PostgresDialect.INSTANCE, TABLE, Transformations.parse(Plans.json(renameFirst)));
        assertThat(query.partitionField()).contains("\"REGION\"");
    }

    @Test
    void escapesQuotesBackslashesAndIdentifiers() {
        assertThat(PostgresDialect.INSTANCE.stringLiteral("O'Brien \\ x")).isEqualTo("E'O''Brien \\\\ x'");
        assertThat(PostgresDialect.INSTANCE.quoteIdentifier("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(new MySqlDialect(true).stringLiteral("O'Brien \\' x")).isEqualTo("'O''Brien \\\\'' x'");
        assertThat(MySqlDialect.forSqlMode("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES").stringLiteral("a\\'b")).isEqualTo("'a\\''b'");
        assertThat(new MySqlDialect(true).quoteIdentifier("we`ird")).isEqualTo("`we``ird`");
        assertThatThrownBy(() -> PostgresDialect.INSTANCE.stringLiteral("nul\0")).isInstanceOf(RunFailure.class)
                .hasMessageContaining("NUL character");
    }

    @Test
    void acceptsPlainCastTypesOnly() {
        for (String ok : new String[] {"VARCHAR(30)", "CHAR", "DOUBLE PRECISION", "NUMERIC(10, 2)", "timestamp with time zone", "text[]",
            "DECIMAL(10,2) UNSIGNED"}) {
            String json = "[{\"type\": \"dataframe_columns_filter\", \"filters\": [{\"type\": \"cast\", \"field\": \"x\", \"as_type\": \"" + ok + "\"}]}]";
            assertThat(Transformations.parse(Plans.json(json)).columnFilters()).hasSize(1);
        }
        for (String bad : new String[] {"int) FROM x; --", "text' ", "int/*", "VARCHAR(30))"}) {
            String json = "[{\"type\": \"dataframe_columns_filter\", \"filters\": [{\"type\": \"cast\", \"field\": \"x\", \"as_type\": \""
                    + bad.replace("\"", "\\\"") + "\"}]}]";
            assertThatThrownBy(() -> Transformations.parse(Plans.json(json))).isInstanceOf(RunFailure.class)
                    .hasMessageContaining("is not a plain SQL type name");
        }
    }

    @Test
    void rejectsMalformedTransformations() {
        assertThatThrownBy(() -> Transformations.parse(Plans.json("[{\"type\": \"dataframe_rows_filter\", \"filters\": [{\"type\": \"between\", \"field\": \"x\"}]}]")))
                .hasMessageContaining("unknown filter type 'between'");
        assertThatThrownBy(() -> Transformations.parse(Plans.json("[{\"type\": \"dataframe_rows_filter\", \"filters\": [{\"type\": \"equal\", \"field\": \"x\"}]}]")))
                .hasMessageContaining("'value' is missing");
        assertThat(Transformations.parse(Plans.json("[{\"type\": \"sql\", \"query\": \"SELECT 1\", \"dialect\": \"spark\"}]")).rowFilters()).isEmpty();
    }

    @Test
    void tableNamesFollowTheApiRule() {
        assertThat(TableName.parse("схема.таблица", FailureSide.SOURCE, "p").sql()).isEqualTo("схема.таблица");
        assertThatThrownBy(() -> TableName.parse("public.t; DROP TABLE x", FailureSide.TARGET, "transfer.target_params"))
                .isInstanceOfSatisfying(RunFailure.class, e -> assertThat(e.side()).isEqualTo(FailureSide.TARGET))
                .hasMessageContaining("is not of the form schema.table");
        assertThatThrownBy(() -> TableName.parse("no_schema", FailureSide.SOURCE, "p")).hasMessageContaining("schema.table");
    }
}
