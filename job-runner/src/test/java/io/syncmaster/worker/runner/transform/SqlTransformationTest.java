package io.syncmaster.worker.runner.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.SharedSpark;

/** The {@code sql} transformation: what the parser accepts and refuses, and what the query does over a real Spark. */
class SqlTransformationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void selectAndWithQueriesOverTheSourceViewAreAccepted() {
        assertThat(SqlTransformation.parse("SELECT id FROM source", "spark").query()).isEqualTo("SELECT id FROM source");
        SqlTransformation.parse("  -- keep the big ones\n/* c */ select * from SOURCE where id > 1", null);
        SqlTransformation.parse("WITH big AS (SELECT * FROM source WHERE id > 1) SELECT b.id FROM big b JOIN source s ON b.id = s.id", "spark");
        SqlTransformation.parse("SELECT * FROM source WHERE id IN (SELECT max(id) FROM source)", "spark");
        SqlTransformation.parse("(SELECT id FROM source) UNION ALL (SELECT id FROM source)", "spark");
    }

    @Test
    void anythingButASingleQueryOverTheSourceIsRefusedNamingTheField() {
        assertRefused("DROP TABLE source", "only a single SELECT or WITH query is allowed, the query starts with 'DROP'");
        assertRefused("INSERT INTO t SELECT * FROM source", "the query starts with 'INSERT'");
        assertRefused("WITH x AS (SELECT * FROM source) INSERT INTO t SELECT * FROM x", "only a query is allowed");
        assertRefused("SELECT 1; DROP TABLE source", "the query is not valid Spark SQL");
        assertRefused("SELECT * FROM other_table", "may read only the view 'source' (and its own CTEs), not other_table");
        assertRefused("SELECT * FROM parquet.`/etc/secrets`", "not parquet./etc/secrets");
        assertRefused("WITH x AS (SELECT * FROM db.t) SELECT * FROM x", "not db.t");
        assertRefused("SELECT * FROM source WHERE id IN (SELECT id FROM t2)", "not t2");
        assertRefused("SELECT * FROM range(10)", "table-valued functions are not allowed");
        assertRefused("SELECT reflect('java.lang.System', 'exit', '0') FROM source", "the function reflect is not allowed");
        assertThatThrownBy(() -> SqlTransformation.parse("SELECT 1", "postgres")).isInstanceOf(RunFailure.class)
                .hasMessage("transfer.transformations: sql: dialect 'postgres' is not supported (only 'spark')");
        assertThatThrownBy(() -> SqlTransformation.parse(" ", "spark")).hasMessage("transfer.transformations: sql: 'query' is missing");
    }

    @Test
    void aSyntaxErrorIsAClearSetupFailure() {
        assertThatThrownBy(() -> SqlTransformation.parse("SELECT (id FROM source", "spark")).isInstanceOf(RunFailure.class)
                .hasMessageStartingWith("transfer.transformations: sql: the query is not valid Spark SQL:")
                .hasMessageContaining("Syntax error");
    }

    @Test
    void theTransformationsListCarriesAtMostOneSqlEntry() throws Exception {
        Transformations parsed = Transformations.parse(JSON.readTree("""
                [{"type": "dataframe_rows_filter", "filters": [{"type": "is_not_null", "field": "ID"}]},
                 {"type": "sql", "query": "SELECT ID FROM source", "dialect": "spark"}]"""));
        assertThat(parsed.sql()).hasValue(new SqlTransformation("SELECT ID FROM source"));
        assertThat(parsed.withoutSql().sql()).isEmpty();
        assertThat(parsed.withoutSql().rowFilters()).hasSize(1);
        assertThatThrownBy(() -> Transformations.parse(JSON.readTree("""
                [{"type": "sql", "query": "SELECT 1", "dialect": "spark"}, {"type": "sql", "query": "SELECT 2", "dialect": "spark"}]""")))
                .hasMessage("transfer.transformations: only one sql transformation is allowed");
    }

    @Test
    void projectionAggregationAndASelfJoinRunOverTheSourceView() {
        SparkSession spark = SharedSpark.session();
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("region", DataTypes.StringType)
                .add("secret", DataTypes.StringType);
        Dataset<Row> source = spark.createDataFrame(List.of(RowFactory.create(1, "north", "s1"),
                RowFactory.create(2, "north", "s2"), RowFactory.create(3, "south", "s3")), schema);

        Dataset<Row> projected = SqlTransformation.parse("SELECT id, upper(region) AS region FROM source", "spark")
                .apply(spark, source);
        assertThat(projected.columns()).containsExactly("id", "region");
        assertThat(projected.orderBy("id").collectAsList()).extracting(Row::toString)
                .containsExactly("[1,NORTH]", "[2,NORTH]", "[3,SOUTH]");

        Dataset<Row> counted = SqlTransformation.parse("SELECT region, count(*) AS n FROM source GROUP BY region", "spark")
                .apply(spark, source);
        assertThat(counted.orderBy("region").collectAsList()).extracting(Row::toString)
                .containsExactly("[north,2]", "[south,1]");

        Dataset<Row> joined = SqlTransformation.parse("SELECT a.id, b.id AS other FROM source a JOIN source b"
                + " ON a.region = b.region AND a.id < b.id", "spark").apply(spark, source);
        assertThat(joined.collectAsList()).extracting(Row::toString).containsExactly("[1,2]");

        assertThatThrownBy(() -> SqlTransformation.parse("SELECT missing_column FROM source", "spark").apply(spark, source))
                .isInstanceOf(RunFailure.class)
                .hasMessageStartingWith("transfer.transformations: sql: the query cannot run over the source view 'source':")
                .hasMessageContaining("missing_column");
    }

    private static void assertRefused(String query, String message) {
        assertThatThrownBy(() -> SqlTransformation.parse(query, "spark")).as(query).isInstanceOf(RunFailure.class)
                .hasMessageStartingWith("transfer.transformations: sql: ").hasMessageContaining(message);
    }
}
