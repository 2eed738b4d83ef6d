package io.syncmaster.worker.runner.connector.database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.syncmaster.worker.runner.connector.ColumnRange;
import io.syncmaster.worker.runner.connector.ColumnValue;
import io.syncmaster.worker.runner.connector.PrimaryKey;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.WindowedSource;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.transform.SourceQuery;
import io.syncmaster.worker.runner.transform.Transformations;
import java.sql.Date;

/**
 * A database table read through JDBC (transfer-semantics §4.6): {@link #check} connects once (upstream's
 * connection check), learns what the SQL text depends on (MySQL's sql_mode) and verifies that the table can be
 * read, so that a missing table fails as a source error before the target is touched. {@link #prepare} renders the
 * query for a request; {@link #range} measures an increment column with one aggregate query.
 */
public final class JdbcSource implements WindowedSource {
    private final FailureSide side;
    private final JdbcConnector.EndpointFactory endpoints;
    private final TableName table;
    private JdbcEndpoint endpoint;
    /** The table's primary key columns in key order (empty without one), for targets that choose a physical key. */
    private List<String> primaryKey = List.of();

    JdbcSource(FailureSide side, JdbcConnector.EndpointFactory endpoints, TableName table) {
        this.side = side;
        this.endpoints = endpoints;
        this.table = table;
    }

    @Override
    public void check(RunEnvironment env) {
        endpoint = endpoints.connect(env, side, (connection, session) -> session);
        SqlDialect dialect = endpoint.dialect();
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + dialect.qualified(table) + " WHERE 1=0")) {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, String> columnTypes = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columnTypes.put(meta.getColumnName(i), meta.getColumnTypeName(i));
            }
            endpoint = endpoint.withDialect(dialect.forColumns(columnTypes));
            primaryKey = primaryKey(connection, dialect);
        } catch (SQLException e) {
            throw RunFailure.wrap(side, "the source table " + table + " cannot be read", e);
        }
    }

    private List<String> primaryKey(Connection connection, SqlDialect dialect) {
        String schema = dialect.foldIdentifier(table.schema());
        String name = dialect.foldIdentifier(table.table());
        TreeMap<Short, String> columns = new TreeMap<>();
        try (ResultSet rs = dialect.schemaIsCatalog() ? connection.getMetaData().getPrimaryKeys(schema, null, name)
                : connection.getMetaData().getPrimaryKeys(null, schema, name)) {
            while (rs.next()) {
                columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        } catch (SQLException | RuntimeException e) {
            return List.of(); // a driver without key metadata: no key, not a failure
        }
        return List.copyOf(columns.values());
    }

    /** The endpoint, with the session's dialect; only after {@link #check}. */
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
    public Dataset<Row> read(RunEnvironment env, ReadRequest request) {
        return PrimaryKey.mark(prepare(request).read(env.spark()), primaryKey);
    }

    /** The query of one request, ready to read through Spark or to describe (column names and types). */
    public JdbcRead prepare(ReadRequest request) {
        SqlDialect dialect = dialect();
        List<String> scope = new ArrayList<>();
        ReadScope readScope = request.scope();
        if (readScope instanceof ReadScope.ColumnWindow window) {
            String column = dialect.quoteIdentifier(window.column());
            window.lowExclusive().ifPresent(low -> scope.add(column + " > " + dialect.literal(low)));
            window.highInclusive().ifPresent(high -> scope.add(column + " <= " + dialect.literal(high)));
        } else if (readScope instanceof ReadScope.NoRows) {
            scope.add("1 = 0");
        } else if (readScope instanceof ReadScope.Files) {
            throw new RunFailure(FailureSide.SETUP, "a database source cannot read a list of files");
        }
        SourceQuery query = new SourceQuery(dialect, table, request.transformations(), scope);
        return new JdbcRead(endpoint(), query, request.parallelism());
    }

    @Override
    public ColumnRange range(RunEnvironment env, String column, Transformations transformations, Optional<ColumnValue> from) {
        SqlDialect dialect = dialect();
        String quoted = dialect.quoteIdentifier(column);
        SourceQuery filtered = new SourceQuery(dialect, table, transformations,
                from.map(value -> List.of(quoted + " >= " + dialect.literal(value))).orElse(List.of()));
        ColumnValue.Kind kind = kind(column, new JdbcRead(endpoint, new SourceQuery(dialect, table, Transformations.none()), 1)
                .schemaOf(quoted));
        String sql = filtered.select("MIN(" + quoted + ") AS " + dialect.quoteIdentifier("min") + ", MAX(" + quoted + ") AS "
                + dialect.quoteIdentifier("max"), List.of());
        try (Connection connection = endpoint.open(); Statement statement = connection.createStatement()) {
            connection.setReadOnly(true);
            statement.setFetchSize(1);
            try (ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return new ColumnRange(kind, value(rs, 1, kind), value(rs, 2, kind));
            }
        } catch (SQLException e) {
            throw RunFailure.wrap(side, "cannot measure the increment column '" + column + "' of " + table, e);
        }
    }

    private ColumnValue.Kind kind(String column, StructType schema) {
        DataType type = schema.fields()[0].dataType();
        if (type instanceof IntegralType || type instanceof DecimalType || type instanceof DoubleType || type instanceof FloatType) {
            return ColumnValue.Kind.NUMBER;
        }
        if (type instanceof DateType) {
            return ColumnValue.Kind.DATE;
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return ColumnValue.Kind.TIMESTAMP;
        }
        throw new RunFailure(side, "the increment column '" + column + "' of " + table + " is of type " + type.simpleString()
                + "; only numbers, dates and timestamps can be increment columns");
    }

    private static Optional<ColumnValue> value(ResultSet rs, int index, ColumnValue.Kind kind) throws SQLException {
        return switch (kind) {
            case NUMBER -> {
                BigDecimal number = rs.getBigDecimal(index);
                yield Optional.ofNullable(number).map(ColumnValue.Number::new);
            }
            case DATE -> {
                Date date = rs.getDate(index);
                yield Optional.ofNullable(date).map(d -> new ColumnValue.Date(d.toLocalDate()));
            }
            case TIMESTAMP -> {
                Timestamp timestamp = rs.getTimestamp(index);
                yield Optional.ofNullable(timestamp).map(t -> new ColumnValue.Timestamp(t.toLocalDateTime()));
            }
        };
    }

    @Override
    public String describe() {
        return endpoints.describe(endpoint, table);
    }
}
