package io.syncmaster.worker.runner.connector.database.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Collectors;

import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.database.SparkJdbcStagingWriter;
import io.syncmaster.worker.runner.connector.database.StagingWriter;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SparkErrors;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;

/**
 * Fills a PostgreSQL staging table with {@code COPY … FROM STDIN}, one stream per Spark partition, rows encoded to
 * COPY text on the executors ({@link CopyTextEncoder}); much faster than batched inserts. Column types without a
 * COPY encoding fall back to Spark JDBC inserts.
 */
public final class CopyStagingWriter implements StagingWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CopyStagingWriter.class);
    /** Bytes buffered before handing them to the driver. */
    static final int CHUNK = 256 * 1024;

    @Override
    public long fill(RunEnvironment env, Dataset<Row> data, JdbcEndpoint target, String stagingSql) {
        StructType schema = data.schema();
        if (!CopyTextEncoder.supports(schema)) {
            LOG.info("Some column types have no COPY encoding; writing {} with Spark JDBC", stagingSql);
            return new SparkJdbcStagingWriter().fill(env, data, target, stagingSql);
        }
        LongAccumulator rows = env.spark().sparkContext().longAccumulator("rows written");
        FrameCopyTask task = new FrameCopyTask(target, copyInSql(stagingSql, schema), CopyTextEncoder.forSchema(schema), rows);
        try {
            data.queryExecution().toRdd().toJavaRDD().foreachPartition(task);
        } catch (Exception e) { // Spark throws the checked SparkException undeclared
            throw RunFailure.wrap(SparkErrors.sideOfWriteJob(e), "COPY into the staging table " + stagingSql + " failed", e);
        }
        return rows.value();
    }

    /** {@code COPY staging ("a", "b") FROM STDIN}. */
    public static String copyInSql(String stagingSql, StructType schema) {
        String columns = Arrays.stream(schema.fieldNames()).map(PostgresDialect.INSTANCE::quoteIdentifier)
                .collect(Collectors.joining(", "));
        return "COPY " + stagingSql + " (" + columns + ") FROM STDIN";
    }

    /** One Spark task: encode the partition's rows and stream them into the staging table. */
    private record FrameCopyTask(JdbcEndpoint target, String copySql, CopyTextEncoder encoder, LongAccumulator rows)
            implements VoidFunction<Iterator<InternalRow>>, Serializable {
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
}
