package io.syncmaster.worker.runner.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.connector.ColumnValue;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.transform.SourceQuery;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * The SQL text each dialect renders (transfer-semantics §3.5, §4.5, §4.6): filters, literals, partitions, swaps.
 * For Oracle and MSSQL this is the only proof of the statements H2 cannot run (ORA_HASH, BINARY_CHECKSUM, real
 * LIKE character classes, sp_rename, PURGE).
 */
class DialectSqlTest {
    private static final TableName TABLE = TableName.parse("sync.Source_Table", FailureSide.SOURCE, "source_params");
    private static final TableName TARGET = TableName.parse("dbo.target", FailureSide.TARGET, "target_params");
    private static final TableName STAGING = TARGET.sibling("syncmaster_tmp_4_9");
    private static final TableName ASIDE = TARGET.sibling("syncmaster_tmp_4_9_old");

    @Test
    void oracleRendersTheChecklistRowsFilterWithRegexpLike() {
        SourceQuery query = new SourceQuery(OracleDialect.INSTANCE, TABLE, Transformations.parse(Plans.json(Plans.ROWS_FILTER)));

        assertThat(query.sql()).isEqualTo("SELECT * FROM \"SYNC\".\"SOURCE_TABLE\" WHERE (\"BIRTH_DATE\" IS NOT NULL"
                + " AND \"NUMBER\" <= '25' AND \"REGION\" NOT LIKE '%port' AND NOT LOWER(\"REGION\") LIKE LOWER('new%')"
                + " AND REGEXP_LIKE(\"PHONE_NUMBER\", '^[^+].*'))");
    }

    @Test
    void oracleCastsToVarchar2AndUpperCasesTargetColumns() {
        SourceQuery query = new SourceQuery(OracleDialect.INSTANCE, TABLE, Transformations.parse(Plans.json(Plans.columnsFilter("VARCHAR2(30)"))));

        assertThat(query.projection()).contains("CAST(\"NUMBER\" AS VARCHAR2(30)) AS \"NUMBER\"").contains("\"REGION\" AS \"REGION2\"");
        assertThat(OracleDialect.INSTANCE.normalizeColumnName("Phone Number")).isEqualTo("PHONE NUMBER");
        assertThat(OracleDialect.INSTANCE.probeQuery()).isEqualTo("SELECT 1 FROM dual");
    }

    @Test
    void oracleLiteralsPartitionsAndTypes() {
        OracleDialect oracle = OracleDialect.INSTANCE;
        assertThat(oracle.stringLiteral("O'Brien \\ x")).isEqualTo("'O''Brien \\ x'");
        assertThat(oracle.literal(new ColumnValue.Timestamp(LocalDateTime.of(2024, 3, 1, 12, 34, 56, 123_456_000))))
                .isEqualTo("TO_TIMESTAMP('2024-03-01 12:34:56.123456', 'YYYY-MM-DD HH24:MI:SS.FF6')");
        assertThat(oracle.literal(new ColumnValue.Date(LocalDate.of(2024, 3, 1)))).isEqualTo("TO_DATE('2024-03-01', 'YYYY-MM-DD')");
        assertThat(oracle.literal(new ColumnValue.Number(new BigDecimal("16")))).isEqualTo("16");
        assertThat(oracle.hashPartitionExpression("\"ID\"", 3)).isEqualTo("ORA_HASH(\"ID\", 2)");
        assertThat(oracle.columnType(DataTypes.DoubleType)).contains("BINARY_DOUBLE");
        assertThat(oracle.columnType(DataTypes.TimestampType)).contains("TIMESTAMP(6)");
        assertThat(oracle.columnType(DataTypes.StringType)).contains("VARCHAR2(4000)");
        assertThat(oracle.columnType(DataTypes.LongType)).isEmpty();
    }

    @Test
    void oracleSwapsByTwoRenamesAndUndoesTheFirstWhenTheSecondFails() {
        Swap swap = OracleDialect.INSTANCE.swap(TARGET, STAGING, ASIDE, true);

        assertThat(swap.inOneTransaction()).isFalse();
        assertThat(swap.statements()).containsExactly(
                "ALTER TABLE \"DBO\".\"TARGET\" RENAME TO \"SYNCMASTER_TMP_4_9_OLD\"",
                "ALTER TABLE \"DBO\".\"SYNCMASTER_TMP_4_9\" RENAME TO \"TARGET\"");
        assertThat(swap.undo()).containsExactly("ALTER TABLE \"DBO\".\"SYNCMASTER_TMP_4_9_OLD\" RENAME TO \"TARGET\"");
        assertThat(swap.cleanup()).containsExactly("DROP TABLE \"DBO\".\"SYNCMASTER_TMP_4_9_OLD\" PURGE");
        assertThat(OracleDialect.INSTANCE.swap(TARGET, STAGING, ASIDE, false).statements())
                .containsExactly("ALTER TABLE \"DBO\".\"SYNCMASTER_TMP_4_9\" RENAME TO \"TARGET\"");
    }

    @Test
    void mssqlRendersRegexpAsALikePatternAndNationalLiterals() {
        String filter = """
                [{"type": "dataframe_rows_filter", "filters": [
                  {"type": "regexp", "field": "PHONE_NUMBER", "value": "[0-9!@#$.,;_]%"},
                  {"type": "ilike", "field": "REGION", "value": "New%"},
                  {"type": "equal", "field": "REGION", "value": "O'Connell ü"}]}]""";
        SourceQuery query = new SourceQuery(MsSqlDialect.INSTANCE, TableName.parse("dbo.source_table", FailureSide.SOURCE, "p"),
                Transformations.parse(Plans.json(filter)));

        assertThat(query.sql()).isEqualTo("SELECT * FROM \"dbo\".\"source_table\" WHERE (\"PHONE_NUMBER\" LIKE N'[0-9!@#$.,;_]%'"
                + " AND LOWER(\"REGION\") LIKE LOWER(N'New%') AND \"REGION\" = N'O''Connell ü')");
    }

    @Test
    void mssqlLiteralsPartitionsTypesAndTheTransactionalSwap() {
        MsSqlDialect mssql = MsSqlDialect.INSTANCE;
        assertThat(mssql.literal(new ColumnValue.Timestamp(LocalDateTime.of(2024, 3, 1, 0, 0))))
                .isEqualTo("CAST('2024-03-01 00:00:00.000000' AS datetime2)");
        assertThat(mssql.literal(new ColumnValue.Date(LocalDate.of(2024, 3, 1)))).isEqualTo("CAST('2024-03-01' AS date)");
        assertThat(mssql.hashPartitionExpression("\"ID\"", 4)).isEqualTo("ABS(BINARY_CHECKSUM(\"ID\")) % 4");
        assertThat(mssql.columnType(DataTypes.TimestampType)).contains("DATETIME2(6)");
        assertThat(mssql.probeQuery()).isEqualTo("SELECT 1 AS field");

        Swap swap = mssql.swap(TARGET, STAGING, ASIDE, true);
        assertThat(swap.inOneTransaction()).isTrue();
        assertThat(swap.statements()).containsExactly("DROP TABLE IF EXISTS \"dbo\".\"target\"",
                "EXEC sp_rename N'\"dbo\".\"syncmaster_tmp_4_9\"', N'target'");
    }

    @Test
    void postgresAndMysqlSwaps() {
        assertThat(PostgresDialect.INSTANCE.swap(TARGET, STAGING, ASIDE, true)).isEqualTo(Swap.transactional(List.of(
                "DROP TABLE IF EXISTS \"dbo\".\"target\"", "ALTER TABLE \"dbo\".\"syncmaster_tmp_4_9\" RENAME TO \"target\"")));
        Swap mysql = new MySqlDialect(true).swap(TARGET, STAGING, ASIDE, true);
        assertThat(mysql.inOneTransaction()).isFalse();
        assertThat(mysql.statements()).containsExactly("DROP TABLE IF EXISTS `dbo`.`syncmaster_tmp_4_9_old`",
                "RENAME TABLE `dbo`.`target` TO `dbo`.`syncmaster_tmp_4_9_old`, `dbo`.`syncmaster_tmp_4_9` TO `dbo`.`target`");
        assertThat(mysql.cleanup()).containsExactly("DROP TABLE `dbo`.`syncmaster_tmp_4_9_old`");
        assertThat(new MySqlDialect(true).columnType(DataTypes.TimestampType)).contains("DATETIME(6)");
    }

    @Test
    void reservedWordTableNamesAreQuotedAfterFolding() {
        TableName order = TableName.parse("public.Order", FailureSide.SOURCE, "p");
        assertThat(PostgresDialect.INSTANCE.qualified(order)).isEqualTo("\"public\".\"order\"");
        assertThat(OracleDialect.INSTANCE.qualified(order)).isEqualTo("\"PUBLIC\".\"ORDER\"");
        assertThat(new MySqlDialect(true).qualified(order)).isEqualTo("`public`.`Order`");
        assertThat(MsSqlDialect.INSTANCE.qualified(order)).isEqualTo("\"public\".\"Order\"");
    }
}
