package io.syncmaster.worker.runner.write;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SparkErrors;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.read.JdbcSource;

/**
 * Writes a PostgreSQL target with {@code replace_entire_table} semantics (transfer-semantics §4.5) without ever
 * leaving it dropped or half-written: the rows go into a new staging table in the target schema, by COPY, one
 * stream per Spark partition; only when every partition succeeded is the staging table swapped in, in one
 * transaction ({@code DROP TABLE target; ALTER TABLE staging RENAME TO target}). On any failure the staging table
 * is dropped and the target is exactly as it was.
 *
 * <p>Two ways in: a Spark DataFrame (any source), or, when the source is PostgreSQL too, a direct COPY-to-COPY
 * pipe per partition that never decodes a row.
 */
public final class PostgresTarget {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTarget.class);
    /** Bytes buffered before handing them to the driver. */
    static final int CHUNK = 256 * 1024;

    /** Source column types the binary COPY pipe carries (cast on the source where needed, see BinaryCopySelect). */
    private static final java.util.Set<String> PIPE_SAFE_TYPES = java.util.Set.of("int2", "int4", "int8", "float4", "float8",
            "numeric", "text", "varchar", "bpchar", "bool", "date", "timestamp", "timestamptz", "uuid", "json", "jsonb", "bytea");

    private final JdbcEndpoint endpoint;
    private final TableName table;
    private final TableName staging;

    private PostgresTarget(JdbcEndpoint endpoint, TableName table, long runId) {
        this.endpoint = endpoint;
        this.table = table;
        this.staging = table.sibling("syncmaster_run_" + runId + "_tmp");
    }

    /** Connects once (upstream's connection check) so that a refused connection fails before anything is read. */
    public static PostgresTarget connect(JdbcEndpoint endpoint, TableName table, long runId) {
        endpoint.checkConnection(FailureSide.TARGET);
        return new PostgresTarget(endpoint, table, runId);
    }

    public TableName stagingTable() {
        return staging;
    }

    /** True when {@link #writePipe} can carry this source's columns unchanged. */
    public static boolean pipeSupports(JdbcSource source) {
        return source.endpoint().dialect() instanceof PostgresDialect
                && PIPE_SAFE_TYPES.containsAll(source.columnTypeNames());
    }

    /** Writes a DataFrame (columns already normalised); returns the number of rows written. */
    public long writeFrame(SparkSession spark, Dataset<Row> data) {
        StructType schema = data.schema();
        return replaceWith(schema, () -> {
            if (CopyTextEncoder.supports(schema)) {
                LongAccumulator rows = spark.sparkContext().longAccumulator("rows written");
                FrameCopyTask task = new FrameCopyTask(endpoint, copyInSql(schema), CopyTextEncoder.forSchema(schema), rows);
                try {
                    data.queryExecution().toRdd().toJavaRDD().foreachPartition(task);
                } catch (Exception e) { // Spark throws the checked SparkException undeclared
                    throw RunFailure.wrap(SparkErrors.sideOfWriteJob(e), "COPY into the staging table " + staging + " failed", e);
                }
                return rows.value();
            }
            LOG.info("Some column types have no COPY encoding; writing {} with Spark JDBC", staging);
            try {
                data.write().mode(SaveMode.Append).format("jdbc").options(endpoint.properties())
                    .option("url", endpoint.url()).option("driver", endpoint.dialect().driverClass())
                    .option("dbtable", staging.sql()).option("batchsize", 20000)
                    .option("isolationLevel", "READ_COMMITTED").save();
            } catch (Exception e) { // Spark throws the checked SparkException undeclared
                FailureSide side = SparkErrors.sideOfWriteJob(e);
                throw RunFailure.wrap(side, side == FailureSide.SOURCE ? "reading the source failed"
                        : "writing the staging table " + staging + " failed", e);
            }
            return countStagingRows();
        });
    }

    /**
     * PostgreSQL to PostgreSQL: each partition runs {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} on the source
     * and streams the bytes into {@code COPY staging FROM STDIN (FORMAT binary)}; the SELECT casts where a source type's
     * binary form differs from the staging column's ({@link BinaryCopySelect}). {@code schema} is the Spark schema of the source query, which
     * decides the target column types exactly as the DataFrame path would.
     */
    public long writePipe(SparkSession spark, JdbcSource source, StructType schema) {
        return replaceWith(schema, () -> {
            List<String> conditions = source.partitionConditions();
            List<String> inners = new ArrayList<>();
            if (conditions.isEmpty()) {
                inners.add(source.query().sql());
            } else {
                for (String condition : conditions) {
                    inners.add(source.query().select(source.query().projection(), List.of(condition)));
                }
            }
            List<String> selects = new ArrayList<>();
            for (String inner : inners) {
                selects.add(BinaryCopySelect.wrap(inner, source.columnNames(), source.columnTypeNames(), schema,
                        JdbcDialects.get(endpoint.url())));
            }
            LongAccumulator rows = spark.sparkContext().longAccumulator("rows piped");
            PipeTask task = new PipeTask(source.endpoint(), endpoint, selects, copyInSql(schema) + " (FORMAT binary)",
                    java.time.ZoneId.systemDefault().getId(), rows);
            try {
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(IntStream.range(0, selects.size()).boxed().collect(Collectors.toList()), selects.size())
                        .foreach(task);
            } catch (Exception e) { // Spark throws the checked SparkException undeclared
                throw RunFailure.wrap(FailureSide.TARGET, "COPY into the staging table " + staging + " failed", e);
            }
            return rows.value();
        });
    }

    private long replaceWith(StructType schema, java.util.function.Supplier<Long> fill) {
        createStaging(schema);
        boolean swapped = false;
        try {
            long rows = fill.get();
            swap();
            swapped = true;
            LOG.info("Replaced {} with {} rows", table, rows);
            return rows;
        } finally {
            if (!swapped) {
                dropStagingQuietly();
            }
        }
    }

    private void createStaging(StructType schema) {
        String columns = JdbcUtils.schemaString(JdbcDialects.get(endpoint.url()), schema, false, scala.Option.empty());
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + staging.sql());
            statement.execute("CREATE TABLE " + staging.sql() + " (" + columns + ")");
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot create the staging table " + staging, e);
        }
    }

    private void swap() {
        try (Connection connection = endpoint.open()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table.sql());
                statement.execute("ALTER TABLE " + staging.sql() + " RENAME TO " + table.table());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot replace the target table " + table, e);
        }
    }

    private long countStagingRows() {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + staging.sql())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot count the rows of the staging table " + staging, e);
        }
    }

    private void dropStagingQuietly() {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + staging.sql());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not drop the staging table {}: {}", staging, e.toString());
        }
    }

    private String copyInSql(StructType schema) {
        String columns = java.util.Arrays.stream(schema.fieldNames()).map(PostgresDialect.INSTANCE::quoteIdentifier)
                .collect(Collectors.joining(", "));
        return "COPY " + staging.sql() + " (" + columns + ") FROM STDIN";
    }

    /** One Spark task: encode the partition's rows and stream them into the staging table. */
    private record FrameCopyTask(JdbcEndpoint target, String copySql, CopyTextEncoder encoder, LongAccumulator rows)
            implements org.apache.spark.api.java.function.VoidFunction<Iterator<InternalRow>>, Serializable {
        @Override
        public void call(Iterator<InternalRow> partition) {
            try (Connection connection = target.open()) {
                CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
                ByteSink buffer = new ByteSink(CHUNK + 64 * 1024);
                try {
                    while (nextRow(partition)) {
                        encoder.encode(partition.next(), buffer);
                        if (buffer.size() >= CHUNK) {
                            copy.writeToCopy(buffer.array(), 0, buffer.size());
                            buffer.reset();
                        }
                    }
                    if (buffer.size() > 0) {
                        copy.writeToCopy(buffer.array(), 0, buffer.size());
                    }
                    rows.add(copy.endCopy());
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            } catch (SQLException e) {
                throw RunFailure.wrap(FailureSide.TARGET, "COPY into the target failed", e);
            }
        }

        private static boolean nextRow(Iterator<InternalRow> partition) {
            try {
                return partition.hasNext();
            } catch (RuntimeException e) {
                throw RunFailure.wrap(FailureSide.SOURCE, "reading the source failed", e);
            }
        }
    }

    /** One Spark task: COPY one partition of the source query straight into the staging table. */
    private record PipeTask(JdbcEndpoint source, JdbcEndpoint target, List<String> selects, String copyInSql, String zoneId,
            LongAccumulator rows) implements org.apache.spark.api.java.function.VoidFunction<Integer>, Serializable {
        @Override
        public void call(Integer partition) {
            rows.add(new CopyPipe(source, target, zoneId).copy(selects.get(partition), copyInSql));
        }
    }
}
