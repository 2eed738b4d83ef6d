package io.syncmaster.worker.runner.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** PostgreSQL SQL text. Literals use the {@code E'...'} form so they mean the same whatever standard_conforming_strings says. */
public final class PostgresDialect implements SqlDialect {
    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String driverClass() {
        return "org.postgresql.Driver";
    }

    @Override
    public String stringLiteral(String value) {
        Literals.rejectNul(value);
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String ilike(String quotedField, String literal) {
        return quotedField + " ILIKE " + literal;
    }

    @Override
    public String notIlike(String quotedField, String literal) {
        return quotedField + " NOT ILIKE " + literal;
    }

    @Override
    public String regexp(String quotedField, String literal) {
        return quotedField + " ~ " + literal;
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "abs(hashtext((" + expression + ")::text)) % " + partitions;
    }

    /**
     * Block ranges of a table or materialized view on PostgreSQL 14+ (TID range scans): the size of its main fork in
     * blocks, split evenly. Views, partitioned and foreign tables and older servers get none.
     */
    @Override
    public Optional<PartitionPlan> blockRanges(Connection connection, TableName table, int partitions) throws SQLException {
        int major = connection.getMetaData().getDatabaseMajorVersion();
        if (major < 14) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.relkind, pg_relation_size(c.oid)"
                + " / current_setting('block_size')::bigint FROM pg_class c WHERE c.oid = to_regclass(?)")) {
            statement.setString(1, qualified(table));
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || !List.of("r", "m").contains(rs.getString(1))) {
                    return Optional.empty();
                }
                long pages = rs.getLong(2);
                return Optional.of(PartitionPlan.blockRanges(pages, partitions,
                        "block ranges of " + pages + " page(s) (TID range scans, PostgreSQL " + major + ")"));
            }
        }
    }

    @Override
    public Optional<String> unconstrainedDecimalDigits(String quotedColumn, String typeName, int precision) {
        if (!"numeric".equals(typeName) || precision != 0) {
            return Optional.empty();
        }
        return Optional.of("MAX(SCALE(" + quotedColumn + ")), MAX(LENGTH(TRUNC(ABS(" + quotedColumn + "))::text))");
    }

    @Override
    public String foldIdentifier(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    /** DDL is transactional: readers see the old table until COMMIT, then the new one. */
    @Override
    public Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists) {
        return Swap.transactional(List.of(dropIfExists(target),
                "ALTER TABLE " + qualified(staging) + " RENAME TO " + quoteIdentifier(foldIdentifier(target.table()))));
    }

    @Override
    public String dateLiteral(LocalDate date) {
        return "'" + date + "'::date";
    }

    @Override
    public String timestampLiteral(LocalDateTime timestamp) {
        return "'" + MICROS.format(timestamp) + "'::timestamp";
    }
}
