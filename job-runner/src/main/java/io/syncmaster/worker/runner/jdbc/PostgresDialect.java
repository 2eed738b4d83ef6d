package io.syncmaster.worker.runner.jdbc;

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
