package io.syncmaster.worker.runner.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimestampNTZType;
import java.util.Locale;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;

/**
 * MySQL / MariaDB SQL text. Whether a backslash escapes inside a string literal depends on the server's
 * {@code NO_BACKSLASH_ESCAPES} SQL mode, so the dialect is built for the mode the source session actually has.
 */
public final class MySqlDialect implements SqlDialect {
    private final boolean backslashEscapes;

    /** @param backslashEscapes true unless the session's sql_mode contains NO_BACKSLASH_ESCAPES */
    public MySqlDialect(boolean backslashEscapes) {
        this.backslashEscapes = backslashEscapes;
    }

    /** The dialect for a session with the given {@code @@sql_mode}. */
    public static MySqlDialect forSqlMode(String sqlMode) {
        boolean noBackslash = sqlMode != null && sqlMode.toUpperCase(Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
        return new MySqlDialect(!noBackslash);
    }

    /** Reads the session's {@code sql_mode}, which decides whether a backslash escapes in a string literal. */
    @Override
    public SqlDialect forSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            return forSqlMode(rs.getString(1));
        }
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String driverClass() {
        return "com.mysql.cj.jdbc.Driver";
    }

    @Override
    public String quoteIdentifier(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String stringLiteral(String value) {
        Literals.rejectNul(value);
        String escaped = backslashEscapes ? value.replace("\\", "\\\\") : value;
        return "'" + escaped.replace("'", "''") + "'";
    }

    @Override
    public String regexp(String quotedField, String literal) {
        return quotedField + " RLIKE " + literal;
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "CAST(CONV(RIGHT(MD5(" + expression + "),16),16,10) AS UNSIGNED) % " + partitions;
    }

    /** MySQL's databases are JDBC catalogs. */
    @Override
    public boolean schemaIsCatalog() {
        return true;
    }

    /**
     * Timestamps become {@code DATETIME(6)}: Spark's MySQL mapping creates second-precision columns, which would
     * silently drop microseconds; {@code DATETIME} keeps the wall-clock value and does not convert time zones.
     */
    @Override
    public Optional<String> columnType(DataType type) {
        if (type.equals(DataTypes.TimestampType) || type instanceof TimestampNTZType) {
            return Optional.of("DATETIME(6)");
        }
        return Optional.empty();
    }

    /**
     * A server-side cursor: without it Connector/J ignores the fetch size and buffers the whole result set in the
     * heap; with it rows arrive {@code fetchsize} at a time.
     */
    @Override
    public Map<String, String> readProperties() {
        return Map.of("useCursorFetch", "true");
    }

    @Override
    public Map<String, String> writeProperties() {
        return Map.of("rewriteBatchedStatements", "true");
    }

    /**
     * DDL is not transactional, but a multi-table {@code RENAME TABLE} is atomic: readers see the old table, then
     * the new one. The old table is dropped afterwards.
     */
    @Override
    public Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists) {
        if (!targetExists) {
            return new Swap(List.of("RENAME TABLE " + qualified(staging) + " TO " + qualified(target)), false, List.of(), List.of());
        }
        return new Swap(List.of(dropIfExists(aside),
                "RENAME TABLE " + qualified(target) + " TO " + qualified(aside) + ", " + qualified(staging) + " TO " + qualified(target)),
                false, List.of(), List.of("DROP TABLE " + qualified(aside)));
    }

    @Override
    public String dateLiteral(LocalDate date) {
        return "STR_TO_DATE('" + date + "', '%Y-%m-%d')";
    }

    @Override
    public String timestampLiteral(LocalDateTime timestamp) {
        return "STR_TO_DATE('" + MICROS.format(timestamp) + "', '%Y-%m-%d %H:%i:%s.%f')";
    }
}
