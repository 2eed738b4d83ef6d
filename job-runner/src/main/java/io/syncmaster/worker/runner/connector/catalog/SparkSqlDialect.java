package io.syncmaster.worker.runner.connector.catalog;

import io.syncmaster.worker.runner.jdbc.Literals;
import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * Spark SQL text for the catalog sources (Hive, Iceberg), whose queries Spark runs itself: backtick identifiers,
 * string literals with backslash escapes (Spark's default parser), and upstream's Hive/Iceberg operators
 * (transfer-semantics §3.5: {@code LOWER(F) LIKE LOWER(v)} for ilike, {@code RLIKE} for regexp). There is no JDBC
 * driver and no staging swap behind it: catalog targets replace tables through Spark ({@link HiveTarget}).
 */
public final class SparkSqlDialect implements SqlDialect {
    private static final long serialVersionUID = 1L;

    public static final SparkSqlDialect INSTANCE = new SparkSqlDialect();

    private SparkSqlDialect() {
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String driverClass() {
        throw new UnsupportedOperationException("Spark SQL has no JDBC driver");
    }

    @Override
    public String quoteIdentifier(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String stringLiteral(String value) {
        Literals.rejectNul(value);
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String ilike(String quotedField, String literal) {
        return "LOWER(" + quotedField + ") LIKE LOWER(" + literal + ")";
    }

    @Override
    public String notIlike(String quotedField, String literal) {
        return "NOT LOWER(" + quotedField + ") LIKE LOWER(" + literal + ")";
    }

    @Override
    public String regexp(String quotedField, String literal) {
        return quotedField + " RLIKE " + literal;
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "pmod(hash(" + expression + "), " + partitions + ")";
    }
}
