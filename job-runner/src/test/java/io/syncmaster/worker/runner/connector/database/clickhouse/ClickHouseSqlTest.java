package io.syncmaster.worker.runner.connector.database.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.transform.FilterOperator;

/** The SQL text the ClickHouse dialect renders (no server: the server tests run it). */
class ClickHouseSqlTest {
    private static final ClickHouseServerInfo OLD = ClickHouseServerInfo.of("18.16.1", Map.of("db", "Ordinary"));
    private static final ClickHouseSqlDialect DIALECT = new ClickHouseSqlDialect(OLD);

    @Test
    void identifiersAndLiteralsEscapeQuotesAndBackslashes() {
        assertThat(DIALECT.quoteIdentifier("Phone \"Number\"\\x")).isEqualTo("\"Phone \\\"Number\\\"\\\\x\"");
        assertThat(DIALECT.stringLiteral("O'Connell\\")).isEqualTo("'O\\'Connell\\\\'");
        assertThatThrownBy(() -> DIALECT.stringLiteral("a\0b")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void filtersUseFunctionsThatEveryServerVersionHas() {
        String f = DIALECT.quoteIdentifier("REGION");
        String v = DIALECT.stringLiteral("new%");
        assertThat(DIALECT.condition(f, FilterOperator.ILIKE, v)).isEqualTo("lowerUTF8(\"REGION\") LIKE lowerUTF8('new%')");
        assertThat(DIALECT.condition(f, FilterOperator.NOT_ILIKE, v)).isEqualTo("NOT (lowerUTF8(\"REGION\") LIKE lowerUTF8('new%'))");
        assertThat(DIALECT.condition(f, FilterOperator.REGEXP, DIALECT.stringLiteral("^[^+].*"))).isEqualTo("match(\"REGION\", '^[^+].*')");
        assertThat(DIALECT.hashPartitionExpression("\"ID\"", 3)).isEqualTo("sipHash64(\"ID\") % 3");
    }

    @Test
    void serverInfoFollowsTheVersionAndDatabaseEngine() {
        assertThat(OLD.dateTime64()).isFalse();
        assertThat(OLD.boolType()).isFalse();
        assertThat(OLD.atomic("db")).isFalse();
        assertThat(OLD.atomic("unknown")).isFalse();
        ClickHouseServerInfo modern = ClickHouseServerInfo.of("25.9.2.1", Map.of("db", "Atomic", "old", "Ordinary"));
        assertThat(modern.dateTime64()).isTrue();
        assertThat(modern.boolType()).isTrue();
        assertThat(modern.atomic("db")).isTrue();
        assertThat(modern.atomic("old")).isFalse();
        assertThat(modern.atomic("unknown")).isTrue();
        assertThat(ClickHouseServerInfo.of("21.11.3", Map.of()).boolType()).isFalse();
        assertThat(ClickHouseServerInfo.of("21.12.1", Map.of()).boolType()).isTrue();
    }

    @Test
    void createTableSortsByThePrimaryKeyAndKeepsKeyColumnsNotNullable() {
        StructType schema = new StructType(new StructField[] {
            new StructField("id", DataTypes.IntegerType, true, Metadata.empty()),
            new StructField("paid", DataTypes.BooleanType, true, Metadata.empty()),
            new StructField("amount", DecimalType.apply(38, 10), true, Metadata.empty()),
            new StructField("ts", DataTypes.TimestampType, false, Metadata.empty())});
        List<String> key = ClickHouseTables.sortingKey(schema, List.of("id"));
        assertThat(ClickHouseTables.createTable("\"db\".\"t\"", schema, key, OLD)).isEqualTo(
                "CREATE TABLE \"db\".\"t\" (\"id\" Int32, \"paid\" Nullable(UInt8), \"amount\" Nullable(Decimal(38, 10)),"
                        + " \"ts\" DateTime) ENGINE = MergeTree() ORDER BY (\"id\")");
        assertThat(ClickHouseTables.createTable("\"db\".\"t\"", schema, List.of(), ClickHouseServerInfo.MODERN)).isEqualTo(
                "CREATE TABLE \"db\".\"t\" (\"id\" Nullable(Int32), \"paid\" Nullable(Bool), \"amount\" Nullable(Decimal(38, 10)),"
                        + " \"ts\" DateTime64(6)) ENGINE = MergeTree() ORDER BY tuple()");
    }

    @Test
    void noSortingKeyWithoutAPrimaryKeyOrWhenAKeyColumnDoesNotReachTheTarget() {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);
        assertThat(ClickHouseTables.sortingKey(schema, List.of())).isEmpty();
        assertThat(ClickHouseTables.sortingKey(schema, List.of("id", "tenant"))).isEmpty();
        assertThat(ClickHouseTables.sortingKey(schema, List.of("name", "id"))).containsExactly("name", "id");
    }

    @Test
    void aTypeClickHouseCannotHoldFailsNamingTheColumn() {
        StructType schema = new StructType().add("tags", DataTypes.createArrayType(DataTypes.StringType));
        assertThatThrownBy(() -> ClickHouseTables.createTable("t", schema, List.of(), OLD))
                .isInstanceOf(RunFailure.class).hasMessageContaining("column 'tags' of type array<string>");
    }

    @Test
    void theDriverChoiceIsOneSetting() {
        String before = System.getProperty(ClickHouseDriver.PROPERTY);
        try {
            System.setProperty(ClickHouseDriver.PROPERTY, "maintained");
            assertThat(ClickHouseDriver.configured()).isEqualTo(ClickHouseDriver.MAINTAINED);
            assertThat(ClickHouseDriver.configured().driverClass()).isEqualTo("com.clickhouse.jdbc.ClickHouseDriver");
            System.setProperty(ClickHouseDriver.PROPERTY, "legacy");
            assertThat(ClickHouseDriver.configured().properties("app")).containsEntry("compress", "false").doesNotContainKey("client_name");
            System.setProperty(ClickHouseDriver.PROPERTY, "other");
            assertThatThrownBy(ClickHouseDriver::configured).hasMessageContaining("'legacy' or 'maintained'");
        } finally {
            if (before == null) {
                System.clearProperty(ClickHouseDriver.PROPERTY);
            } else {
                System.setProperty(ClickHouseDriver.PROPERTY, before);
            }
        }
    }

    @Test
    void sparkDialectHandlesClickHouseUrlsAndNeverCascadesATruncate() {
        ClickHouseSparkDialect dialect = new ClickHouseSparkDialect();
        assertThat(dialect.canHandle("jdbc:clickhouse://h:8123")).isTrue();
        assertThat(dialect.canHandle("jdbc:postgresql://h/db")).isFalse();
        assertThat(dialect.isCascadingTruncateTable().get()).isEqualTo(false);
        assertThat(dialect.isObjectNotFoundException(new java.sql.SQLException("Code: 60, e.displayText() = DB::Exception: Table x doesn't exist"))).isTrue();
        assertThat(dialect.getCatalystType(java.sql.Types.INTEGER, "Nullable(UInt32)", 0, null).get()).isEqualTo(DataTypes.LongType);
        assertThat(dialect.getCatalystType(java.sql.Types.BIGINT, "UInt64", 0, null).get()).isEqualTo(DecimalType.apply(20, 0));
    }
}
