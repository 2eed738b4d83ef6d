package io.syncmaster.worker.runner.connector.database.clickhouse;

import io.syncmaster.worker.runner.jdbc.Literals;

/**
 * ClickHouse's lexical rules, shared by the SQL dialect and Spark's JDBC dialect: inside quoted identifiers and
 * string literals a backslash escapes the next character, so both the quote and the backslash are escaped.
 */
final class ClickHouseSqlText {
    private ClickHouseSqlText() {
    }

    static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String stringLiteral(String value) {
        Literals.rejectNul(value);
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
