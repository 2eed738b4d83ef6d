package io.syncmaster.worker.runner.connector.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SparkErrors;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;

/**
 * Spark JDBC batched inserts into the staging table, with upstream's write defaults ({@code batchsize=20000},
 * {@code isolationLevel=READ_UNCOMMITTED}: the staging table is private to the run). The rows are counted in the
 * staging table afterwards, which is exact even when Spark retried a task.
 */
public final class SparkJdbcStagingWriter implements StagingWriter {
    @Override
    public long fill(RunEnvironment env, Dataset<Row> data, JdbcEndpoint target, String stagingSql) {
        JdbcEndpoint writer = target.withProperties(target.dialect().writeProperties());
        try {
            data.write().mode(SaveMode.Append).format("jdbc").options(writer.properties())
                    .option("url", writer.url()).option("driver", writer.driverClass())
                    .option("dbtable", stagingSql).option("batchsize", 20000)
                    .option("isolationLevel", "READ_UNCOMMITTED").save();
        } catch (Exception e) { // Spark throws the checked SparkException undeclared
            FailureSide side = SparkErrors.sideOfWriteJob(e);
            throw RunFailure.wrap(side, side == FailureSide.SOURCE ? "reading the source failed"
                    : "writing the staging table " + stagingSql + " failed", e);
        }
        try (Connection connection = target.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + stagingSql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot count the rows of the staging table " + stagingSql, e);
        }
    }
}
