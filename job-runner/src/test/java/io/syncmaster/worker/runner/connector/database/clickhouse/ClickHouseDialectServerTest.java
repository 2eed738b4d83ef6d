package io.syncmaster.worker.runner.connector.database.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.support.ClickHouseServer;
import io.syncmaster.worker.runner.support.SharedSpark;

/**
 * The SQL and the Spark dialect against a real ClickHouse server (Debian's 18.16, legacy driver): the DDL this
 * runner sends is accepted, Spark appends into the table it created and reads it back through
 * {@link ClickHouseSparkDialect}, a missing table is "not found" for Spark, and the filter functions work.
 */
class ClickHouseDialectServerTest {
    private static ClickHouseServer server;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        server = ClickHouseServer.start();
        server.execute("CREATE DATABASE dialect_test");
        ClickHouseSparkDialect.register();
        spark = SharedSpark.session();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Properties props() {
        Properties props = new Properties();
        props.putAll(ClickHouseDriver.LEGACY.properties(""));
        props.setProperty("user", "default");
        props.setProperty("password", server.password());
        props.setProperty("driver", ClickHouseDriver.LEGACY.driverClass());
        return props;
    }

    @Test
    void sparkPicksOurDialectForClickHouseUrls() {
        assertThat(JdbcDialects.get(server.jdbcUrl())).isInstanceOf(ClickHouseSparkDialect.class);
    }

    @Test
    void sparkAppendsIntoTheTableWeCreateAndReadsItBack() throws Exception {
        ClickHouseServerInfo info;
        try (Connection connection = server.connect()) {
            info = ClickHouseServerInfo.query(connection);
        }
        assertThat(info.version()).isEqualTo("18.16");
        assertThat(info.atomic("dialect_test")).isFalse();
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("Phone Number", DataTypes.StringType)
                .add("amount", DataTypes.createDecimalType(38, 10)).add("born", DataTypes.DateType).add("seen", DataTypes.TimestampType)
                .add("flag", DataTypes.BooleanType);
        String table = "\"dialect_test\".\"people\"";
        server.execute(ClickHouseTables.createTable(table, schema, List.of("id"), info));
        Dataset<Row> data = spark.sql("SELECT CAST(id AS BIGINT) AS id, IF(id = 2, NULL, concat('+7 ', id)) AS `Phone Number`,"
                + " CAST('123456789012345678.0123456789' AS DECIMAL(38,10)) AS amount, DATE'2020-02-29' AS born,"
                + " TIMESTAMP'2021-03-04 05:06:07' AS seen, id % 2 = 0 AS flag FROM range(1, 4)");
        data.write().mode(SaveMode.Append).jdbc(server.jdbcUrl(), table, props());

        Dataset<Row> back = spark.read().jdbc(server.jdbcUrl(), "(SELECT * FROM " + table + " ORDER BY id) T", props());
        List<String> rows = new ArrayList<>();
        for (Row row : back.collectAsList()) {
            rows.add(row.mkString("|"));
        }
        assertThat(rows).containsExactly(
                "1|+7 1|123456789012345678.0123456789|2020-02-29|2021-03-04 05:06:07.0|0",
                "2|null|123456789012345678.0123456789|2020-02-29|2021-03-04 05:06:07.0|1",
                "3|+7 3|123456789012345678.0123456789|2020-02-29|2021-03-04 05:06:07.0|0");
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT sorting_key FROM system.tables WHERE database = 'dialect_test' AND name = 'people'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("id");
        }
    }

    @Test
    void aMissingTableIsNotFoundForSpark() throws Exception {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM dialect_test.nope");
        } catch (java.sql.SQLException e) {
            assertThat(new ClickHouseSparkDialect().isObjectNotFoundException(e)).isTrue();
            return;
        }
        throw new AssertionError("the query on a missing table succeeded");
    }

    @Test
    void filterFunctionsMatchUpstreamsOperators() throws Exception {
        ClickHouseSqlDialect dialect = new ClickHouseSqlDialect(ClickHouseServerInfo.of("18.16.1", java.util.Map.of()));
        String value = "'NEW Haven'";
        String sql = "SELECT " + dialect.ilike(value, dialect.stringLiteral("new%")) + ", " + dialect.notIlike(value, dialect.stringLiteral("new%"))
                + ", " + dialect.regexp(dialect.stringLiteral("+7 1"), dialect.stringLiteral("^[^+].*"))
                + ", " + dialect.ilike(dialect.stringLiteral("ст. Озёрная"), dialect.stringLiteral("СТ.%")) + ", " + dialect.stringLiteral("O'C\\x");
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4))).containsExactly(1, 0, 0, 1);
            assertThat(rs.getString(5)).isEqualTo("O'C\\x");
        }
    }
}
