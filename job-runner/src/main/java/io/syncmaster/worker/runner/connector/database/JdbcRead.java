package io.syncmaster.worker.runner.connector.database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.PartitionPlan;
import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.transform.SourceQuery;

/**
 * One rendered source read (transfer-semantics §4.6): the filtered, projected, scoped query, split into
 * {@code max_parallel_tasks} partitions by a {@link PartitionPlan}. Also describes the
 * query's output (names, database types, Spark schema) for fast paths that never build a DataFrame.
 */
public final class JdbcRead {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRead.class);
    /** Upstream's read default. */
    static final int FETCH_SIZE = 100_000;

    private final JdbcEndpoint endpoint;
    private final SourceQuery query;
    private final int partitions;
    /** Output column names and database types of the query, fetched once. */
    private Description description;
    private PartitionPlan plan;

    JdbcRead(JdbcEndpoint endpoint, SourceQuery query, int partitions) {
        this.endpoint = endpoint;
        this.query = query;
        this.partitions = partitions;
    }

    public JdbcEndpoint endpoint() {
        return endpoint;
    }

    public SourceQuery query() {
        return query;
    }

    public int partitions() {
        return partitions;
    }

    /** The database type names of the query's output columns, in order (e.g. {@code int4}, {@code timestamptz}). */
    public List<String> columnTypeNames() {
        return describe().typeNames;
    }

    /** The query's output column names, in order. */
    public List<String> columnNames() {
        return describe().names;
    }

    /**
     * The Spark schema of the query's output, computed the way Spark's JDBC source resolves it (same dialect
     * mapping, every column nullable) but without building a DataFrame.
     */
    public StructType sparkSchema() {
        return schemaOf(query.projection());
    }

    /** The Spark schema of {@code selectList} over the source table (no rows fetched). */
    StructType schemaOf(String selectList) {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query.select(selectList, List.of("1=0")))) {
            return JdbcUtils.getSchema(connection, rs, JdbcDialects.get(endpoint.url()), true, false);
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "the source query on " + query.table() + " failed", e);
        }
    }

    /**
     * How the read is split into {@link #partitions()} partitions, chosen once per read and logged: PostgreSQL block
     * ranges when the rows are not filtered (or no integer key exists), else ranges of an integer key (the primary
     * key, else an indexed integer column) measured with one MIN/MAX query, else upstream's hash.
     */
    public PartitionPlan partitionPlan() {
        if (plan == null) {
            plan = choosePlan();
            LOG.info("Reading {} in {} partition(s): {}", query.table(), plan.size(), plan.reason());
        }
        return plan;
    }

    private PartitionPlan choosePlan() {
        if (partitions <= 1) {
            return PartitionPlan.single("max_parallel_tasks is 1");
        }
        SqlDialect dialect = query.dialect();
        try (Connection connection = endpoint.open()) {
            Optional<String> key = IntegerKeys.find(connection, dialect, query.table());
            if (!query.filtered() || key.isEmpty()) {
                Optional<PartitionPlan> blocks = dialect.blockRanges(connection, query.table(), partitions);
                if (blocks.isPresent()) {
                    return blocks.get();
                }
            }
            if (key.isPresent()) {
                String quoted = dialect.quoteIdentifier(key.get());
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery(query.select("MIN(" + quoted + "), MAX(" + quoted + ")", List.of()))) {
                    rs.next();
                    BigDecimal min = rs.getBigDecimal(1);
                    BigDecimal max = rs.getBigDecimal(2);
                    if (min == null || max == null) {
                        return PartitionPlan.single("no values of the key " + key.get() + " to split");
                    }
                    return PartitionPlan.keyRanges(quoted, min.toBigInteger(), max.toBigInteger(), partitions,
                            "ranges of the integer key " + key.get() + " in [" + min + ", " + max + "]");
                }
            }
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot plan the parallel read of " + query.table(), e);
        }
        return PartitionPlan.hash(dialect.hashPartitionExpression(partitionField(), partitions), partitions,
                "hash of " + partitionField() + ": no block ranges and no integer key (every partition scans the source)");
    }

    /** The rows as a Spark DataFrame: one JDBC read per partition condition, united (Spark reads them concurrently). */
    public Dataset<Row> read(SparkSession spark) {
        Optional<String> customSchema = exactDecimals();
        JdbcEndpoint reader = endpoint.withProperties(query.dialect().readProperties());
        List<String> predicates = partitionPlan().predicates();
        List<String> selects = new ArrayList<>();
        if (predicates.isEmpty()) {
            selects.add(query.sql());
        }
        for (String predicate : predicates) {
            selects.add(query.select(query.projection(), List.of(predicate)));
        }
        try {
            Dataset<Row> result = null;
            for (String select : selects) {
                var load = spark.read().format("jdbc").options(reader.properties())
                        .option("url", reader.url()).option("driver", reader.driverClass())
                        .option("fetchsize", FETCH_SIZE)
                        .option("dbtable", "(" + select + ") T");
                customSchema.ifPresent(schema -> load.option("customSchema", schema));
                Dataset<Row> part = load.load();
                result = result == null ? part : result.union(part);
            }
            return result;
        } catch (Exception e) { // Spark throws checked exceptions undeclared
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot read the source table " + query.table(), e);
        }
    }

    /**
     * Spark's {@code customSchema} for columns without a declared precision (PostgreSQL's unconstrained
     * {@code numeric}): Spark would read them as {@code decimal(38, 18)} and silently round. One aggregate query
     * measures the largest scale and integer part; the column is read as {@code decimal(38, scale)} when that holds
     * every value, and the run fails, naming the column, when no Spark decimal can (more than 38 digits).
     */
    private Optional<String> exactDecimals() {
        SqlDialect dialect = query.dialect();
        Description description = describe();
        List<String> columns = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        for (int i = 0; i < description.names.size(); i++) {
            String quoted = dialect.quoteIdentifier(description.names.get(i));
            Optional<String> measure = dialect.unconstrainedDecimalDigits(quoted, description.typeNames.get(i), description.precisions.get(i));
            if (measure.isPresent()) {
                columns.add(description.names.get(i));
                measures.add(measure.get());
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> schema = new ArrayList<>();
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", measures) + " FROM (" + query.sql() + ") T")) {
            rs.next();
            for (int c = 0; c < columns.size(); c++) {
                int scale = rs.getInt(2 * c + 1);
                int integerDigits = rs.getInt(2 * c + 2);
                if (scale <= 18 && integerDigits <= 20) {
                    continue;
                }
                if (scale + integerDigits > 38) {
                    throw new RunFailure(FailureSide.SOURCE, "column '" + columns.get(c) + "' of " + query.table() + " holds numbers with "
                            + integerDigits + " integer digits and " + scale + " decimal places, more than the 38 digits a Spark decimal"
                            + " holds; cast it in a columns filter (e.g. to text) to transfer it unchanged");
                }
                schema.add("`" + columns.get(c).replace("`", "``") + "` DECIMAL(38, " + scale + ")");
            }
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot measure the numeric columns of " + query.table(), e);
        }
        if (!schema.isEmpty()) {
            LOG.info("Reading unconstrained numeric columns exactly: {}", schema);
        }
        return schema.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", schema));
    }

    private String partitionField() {
        return query.partitionField().orElseGet(() -> query.dialect().quoteIdentifier(firstTableColumn()));
    }

    private String firstTableColumn() {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + query.dialect().qualified(query.table()) + " WHERE 1=0")) {
            return rs.getMetaData().getColumnName(1);
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot read the columns of the source table " + query.table(), e);
        }
    }

    private Description describe() {
        if (description == null) {
            try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(query.select(query.projection(), List.of("1=0")))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> names = new ArrayList<>();
                List<String> types = new ArrayList<>();
                List<Integer> precisions = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    names.add(meta.getColumnLabel(i));
                    types.add(meta.getColumnTypeName(i).toLowerCase(Locale.ROOT));
                    precisions.add(meta.getPrecision(i));
                }
                description = new Description(names, types, precisions);
                LOG.info("Source query on {} returns columns {} ({} partition(s))", query.table(), names, partitions);
            } catch (SQLException e) {
                throw RunFailure.wrap(FailureSide.SOURCE, "the source query on " + query.table() + " failed", e);
            }
        }
        return description;
    }

    private record Description(List<String> names, List<String> typeNames, List<Integer> precisions) {
    }
}
