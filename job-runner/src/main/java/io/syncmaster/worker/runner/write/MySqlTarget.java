package io.syncmaster.worker.runner.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SparkErrors;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.TableName;

/**
 * Writes a MySQL / MariaDB target with {@code replace_entire_table} semantics. Spark JDBC creates and fills a
 * staging table (batched inserts, {@code rewriteBatchedStatements}); then one atomic {@code RENAME TABLE} swaps it
 * in. MySQL DDL is not transactional, but a multi-table RENAME is atomic, so a failed run leaves the target as it
 * was, as on PostgreSQL.
 */
public final class MySqlTarget {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlTarget.class);

    private final JdbcEndpoint endpoint;
    private final TableName table;
    private final TableName staging;
    private final TableName previous;

    private MySqlTarget(JdbcEndpoint endpoint, TableName table, long runId) {
        this.endpoint = endpoint.withProperties(Map.of("rewriteBatchedStatements", "true"));
        this.table = table;
        this.staging = table.sibling("syncmaster_run_" + runId + "_tmp");
        this.previous = table.sibling("syncmaster_run_" + runId + "_old");
    }

    /** Connects once (upstream's connection check) so that a refused connection fails before anything is read. */
    public static MySqlTarget connect(JdbcEndpoint endpoint, TableName table, long runId) {
        endpoint.checkConnection(FailureSide.TARGET);
        return new MySqlTarget(endpoint, table, runId);
    }

    public TableName stagingTable() {
        return staging;
    }

    /** Writes a DataFrame (columns already normalised); returns the number of rows written. */
    public long writeFrame(Dataset<Row> data) {
        boolean swapped = false;
        try {
            try {
                data.write().mode(SaveMode.Overwrite).format("jdbc").options(endpoint.properties())
                        .option("url", endpoint.url()).option("driver", endpoint.dialect().driverClass())
                        .option("dbtable", staging.sql()).option("batchsize", 20000)
                        .option("isolationLevel", "READ_UNCOMMITTED").save();
            } catch (Exception e) { // Spark throws the checked SparkException undeclared
                FailureSide side = SparkErrors.sideOfWriteJob(e);
                throw RunFailure.wrap(side, side == FailureSide.SOURCE ? "reading the source failed"
                        : "writing the staging table " + staging + " failed", e);
            }
            long rows = count(staging);
            swap();
            swapped = true;
            LOG.info("Replaced {} with {} rows", table, rows);
            return rows;
        } finally {
            if (!swapped) {
                dropQuietly(staging);
            }
        }
    }

    private void swap() {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + previous.sql());
            if (exists(connection, table)) {
                statement.execute("RENAME TABLE " + table.sql() + " TO " + previous.sql() + ", " + staging.sql() + " TO " + table.sql());
                statement.execute("DROP TABLE " + previous.sql());
            } else {
                statement.execute("RENAME TABLE " + staging.sql() + " TO " + table.sql());
            }
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot replace the target table " + table, e);
        }
    }

    private static boolean exists(Connection connection, TableName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, name.schema());
            statement.setString(2, name.table());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long count(TableName name) {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + name.sql())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot count the rows of " + name, e);
        }
    }

    private void dropQuietly(TableName name) {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + name.sql());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not drop the staging table {}: {}", name, e.toString());
        }
    }
}
