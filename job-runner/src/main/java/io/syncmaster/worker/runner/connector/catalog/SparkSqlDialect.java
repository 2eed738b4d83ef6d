package io.syncmaster.worker.runner.connector.catalog;

import io.syncmaster.worker.runner.jdbc.Literals;
import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.Swap;
import io.syncmaster.worker.runner.jdbc.TableName;

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

    /** Every dot-separated part quoted: an Iceberg "schema" is {@code catalog.namespace…} (parts are word characters). */
    @Override
    public String qualified(TableName table) {
        StringBuilder sql = new StringBuilder();
        for (String part : (table.schema() + "." + table.table()).split("\\.")) {
            sql.append(sql.length() == 0 ? "" : ".").append(quoteIdentifier(part));
        }
        return sql.toString();
    }

    @Override
    public Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists) {
        throw new UnsupportedOperationException("catalog tables are replaced through Spark, not a JDBC swap");
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "pmod(hash(" + expression + "), " + partitions + ")";
    }
}
