package io.syncmaster.worker.runner.jdbc;

import io.syncmaster.worker.runner.transform.FilterOperator;

/**
 * The SQL text a transfer sends to one database family: identifier quoting, string literals (always escaped,
 * unlike upstream which pastes values raw), the row-filter operators of transfer-semantics §3.5, the hash
 * expression used to split a parallel read (§4.6) and the case to which target column names are normalised (§4.5).
 */
public interface SqlDialect extends java.io.Serializable {
    /** The connection type name as stored in SyncMaster ({@code postgres}, {@code mysql}). */
    String name();

    /** JDBC driver class. */
    String driverClass();

    /** Quotes one identifier, doubling the quote character inside it. */
    String quoteIdentifier(String identifier);

    /** A string literal holding exactly {@code value}, whatever characters it contains. */
    String stringLiteral(String value);

    /** Renders {@code quotedField <op> literal} for one row filter; {@code literal} is null for the null checks. */
    default String condition(String quotedField, FilterOperator operator, String literal) {
        return switch (operator) {
            case IS_NULL -> quotedField + " IS NULL";
            case IS_NOT_NULL -> quotedField + " IS NOT NULL";
            case EQUAL -> quotedField + " = " + literal;
            case NOT_EQUAL -> quotedField + " != " + literal;
            case GREATER_THAN -> quotedField + " > " + literal;
            case GREATER_OR_EQUAL -> quotedField + " >= " + literal;
            case LESS_THAN -> quotedField + " < " + literal;
            case LESS_OR_EQUAL -> quotedField + " <= " + literal;
            case LIKE -> quotedField + " LIKE " + literal;
            case NOT_LIKE -> quotedField + " NOT LIKE " + literal;
            case ILIKE -> ilike(quotedField, literal);
            case NOT_ILIKE -> notIlike(quotedField, literal);
            case REGEXP -> regexp(quotedField, literal);
        };
    }

    String ilike(String quotedField, String literal);

    String notIlike(String quotedField, String literal);

    String regexp(String quotedField, String literal);

    /** An integer expression in {@code [0, partitions)} (or NULL when {@code expression} is NULL). */
    String hashPartitionExpression(String expression, int partitions);

    /** Target column name normalisation: lower case for every family this runner writes. */
    default String normalizeColumnName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
