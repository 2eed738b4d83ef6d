package io.syncmaster.worker.runner.connector.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.StagingNames;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.Swap;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.jdbc.ColumnNames;

/**
 * A database table written through a staging table in the same schema, so the target is never missing or
 * half-written: the rows go into {@code syncmaster_tmp_<transfer>_<run>}; only when all of them are there does the
 * dialect's {@link Swap} replace the target (transaction or atomic rename, per database), or, for an append, one
 * {@code INSERT … SELECT} transaction add them. On any failure the staging table is dropped and the target is as it
 * was.
 */
public final class JdbcTarget implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTarget.class);
    /** How long a stopping run waits to drop its staging table. */
    private static final int ABORT_TIMEOUT_SECONDS = 5;

    private final FailureSide side;
    private final JdbcConnector.EndpointFactory endpoints;
    private final TableName table;
    private final StagingNames names;
    private final TableName staging;
    private final TableName aside;
    private final StagingWriter writer;
    /** Set by {@link #check}; read by {@link #abort} from a shutdown hook. */
    private volatile JdbcEndpoint endpoint;

    JdbcTarget(FailureSide side, JdbcConnector.EndpointFactory endpoints, TableName table, StagingNames names, StagingWriter writer) {
        this.side = side;
        this.endpoints = endpoints;
        this.table = table;
        this.names = names;
        this.staging = table.sibling(names.name());
        this.aside = table.sibling(names.name("old"));
        this.writer = writer;
    }

    @Override
    public void check(RunEnvironment env) {
        endpoint = endpoints.connect(env, side, (connection, session) -> {
            if (!schemaExists(connection, session.dialect())) {
                throw new RunFailure(side, "the target schema '" + table.schema() + "' does not exist");
            }
            return endpoints.forWriting(connection, session);
        });
    }

    public JdbcEndpoint endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("check() first");
        }
        return endpoint;
    }

    public SqlDialect dialect() {
        return endpoint().dialect();
    }

    public TableName table() {
        return table;
    }

    @Override
    public void cleanUpStale(RunEnvironment env) {
        SqlDialect dialect = dialect();
        List<String> stale = new ArrayList<>();
        try (Connection connection = endpoint.open()) {
            for (String name : tablesInSchema(connection, dialect)) {
                if (names.isStale(name)) {
                    stale.add(name);
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String name : stale) {
                    LOG.info("Dropping the staging table {}.{} left by an earlier run of this transfer", table.schema(), name);
                    statement.execute("DROP TABLE " + dialect.quoteIdentifier(dialect.foldIdentifier(table.schema())) + "."
                            + dialect.quoteIdentifier(name));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not clean up stale staging tables of {}: {}", table, env.redactor().redact(e.toString()));
        }
    }

    @Override
    public WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode) {
        Dataset<Row> normalized = ColumnNames.normalize(data, dialect());
        return writeVia(normalized.schema(), mode, stagingSql -> writer.fill(env, normalized, endpoint(), stagingSql));
    }

    /**
     * Creates the staging table for {@code schema} (column names already normalised), lets {@code fill} write it,
     * and swaps or appends it into the target. Fast paths use this to keep the same guarantees.
     *
     * @param fill writes the rows into the staging table named by its argument (quoted SQL); returns the row count
     */
    public WriteResult writeVia(StructType schema, WriteMode mode, ToLongFunction<String> fill) {
        SqlDialect dialect = dialect();
        createStaging(schema);
        boolean consumed = false;
        try {
            long rows = fill.applyAsLong(dialect.qualified(staging));
            try (Connection connection = endpoint.open()) {
                boolean exists = tableExists(connection, dialect, table);
                if (mode == WriteMode.REPLACE || !exists) {
                    run(connection, dialect.swap(table, staging, aside, exists));
                    LOG.info("Replaced {} with {} rows", table, rows);
                } else {
                    List<String> columns = Arrays.stream(schema.fieldNames()).map(dialect::quoteIdentifier).toList();
                    run(connection, Swap.transactional(List.of(dialect.appendFromStaging(table, staging, columns))));
                    LOG.info("Appended {} rows to {}", rows, table);
                }
                consumed = mode == WriteMode.REPLACE || !exists;
            } catch (SQLException e) {
                throw RunFailure.wrap(side, "cannot " + (mode == WriteMode.REPLACE ? "replace" : "append to") + " the target table "
                        + table, e);
            }
            return new WriteResult(rows, OptionalLong.empty());
        } finally {
            if (!consumed) {
                dropQuietly(staging);
            }
        }
    }

    /**
     * Drops the staging table with a short statement timeout: a write still running holds locks on it, and a
     * shutdown hook must not wait for them. If the drop cannot happen now, the next run's {@link #cleanUpStale} does it.
     */
    @Override
    public void abort() {
        JdbcEndpoint current = endpoint;
        if (current == null) {
            return;
        }
        try (Connection connection = current.open(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(ABORT_TIMEOUT_SECONDS);
            if (tableExists(connection, current.dialect(), staging)) {
                statement.execute("DROP TABLE " + current.dialect().qualified(staging));
                LOG.info("Dropped the staging table {}", staging);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not drop the staging table {} now ({}); the next run of this transfer drops it", staging, e.toString());
        }
    }

    @Override
    public String describe() {
        return endpoints.describe(endpoint, table);
    }

    /** The staging table DDL: the dialect's overrides where Spark's mapping loses data, else Spark's own types. */
    String createStagingSql(StructType schema) {
        SqlDialect dialect = dialect();
        var whole = dialect.createTable(dialect.qualified(staging), schema);
        if (whole.isPresent()) {
            return whole.get();
        }
        JdbcDialect spark = JdbcDialects.get(endpoint.url());
        String columns = Arrays.stream(schema.fields()).map(field -> column(dialect, spark, field)).collect(Collectors.joining(", "));
        return "CREATE TABLE " + dialect.qualified(staging) + " (" + columns + ")";
    }

    private static String column(SqlDialect dialect, JdbcDialect spark, StructField field) {
        String type = dialect.columnType(field.dataType())
                .orElseGet(() -> JdbcUtils.getJdbcType(field.dataType(), spark).databaseTypeDefinition());
        return dialect.quoteIdentifier(field.name()) + " " + type + (field.nullable() ? "" : " NOT NULL");
    }

    private void createStaging(StructType schema) {
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement()) {
            dropIfExists(connection, dialect(), staging);
            statement.execute(createStagingSql(schema));
        } catch (SQLException e) {
            throw RunFailure.wrap(side, "cannot create the staging table " + staging, e);
        }
    }

    private static void run(Connection connection, Swap swap) throws SQLException {
        if (swap.inOneTransaction()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : swap.statements()) {
                    statement.execute(sql);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            runQuietly(connection, swap.cleanup(), "clean up after the swap");
            return;
        }
        int done = 0;
        try (Statement statement = connection.createStatement()) {
            for (String sql : swap.statements()) {
                statement.execute(sql);
                done++;
            }
        } catch (SQLException e) {
            if (done > 0) {
                runQuietly(connection, swap.undo(), "undo a partial swap");
            }
            throw e;
        }
        runQuietly(connection, swap.cleanup(), "clean up after the swap");
    }

    private static void runQuietly(Connection connection, List<String> statements, String what) {
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                LOG.error("Could not {} with {}: {}", what, sql, e.toString());
            }
        }
    }

    private boolean schemaExists(Connection connection, SqlDialect dialect) throws SQLException {
        String schema = dialect.foldIdentifier(table.schema());
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rs = dialect.schemaIsCatalog() ? meta.getCatalogs() : meta.getSchemas()) {
            while (rs.next()) {
                if (schema.equals(rs.getString(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<String> tablesInSchema(Connection connection, SqlDialect dialect) throws SQLException {
        String schema = dialect.foldIdentifier(table.schema());
        DatabaseMetaData meta = connection.getMetaData();
        List<String> result = new ArrayList<>();
        try (ResultSet rs = dialect.schemaIsCatalog() ? meta.getTables(schema, null, "%", null) : meta.getTables(null, schema, "%", null)) {
            while (rs.next()) {
                String owner = dialect.schemaIsCatalog() ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                if (schema.equals(owner)) {
                    result.add(rs.getString("TABLE_NAME"));
                }
            }
        }
        return result;
    }

    /** {@code DROP TABLE} after a metadata lookup: not every database has {@code DROP TABLE IF EXISTS} (Oracle before 23). */
    private static void dropIfExists(Connection connection, SqlDialect dialect, TableName name) throws SQLException {
        if (tableExists(connection, dialect, name)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + dialect.qualified(name));
            }
        }
    }

    private static boolean tableExists(Connection connection, SqlDialect dialect, TableName name) throws SQLException {
        String schema = dialect.foldIdentifier(name.schema());
        String table = dialect.foldIdentifier(name.table());
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rs = dialect.schemaIsCatalog() ? meta.getTables(schema, null, table, null) : meta.getTables(null, schema, table, null)) {
            while (rs.next()) {
                String owner = dialect.schemaIsCatalog() ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                if (schema.equals(owner) && table.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void dropQuietly(TableName name) {
        JdbcEndpoint current = endpoint;
        try (Connection connection = current.open()) {
            dropIfExists(connection, current.dialect(), name);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not drop the staging table {}: {}", name, e.toString());
        }
    }
}
