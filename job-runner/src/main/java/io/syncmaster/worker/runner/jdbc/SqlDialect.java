package io.syncmaster.worker.runner.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import io.syncmaster.worker.runner.connector.ColumnValue;
import io.syncmaster.worker.runner.transform.FilterOperator;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL text a transfer sends to one database family: identifier quoting, string literals (always escaped,
 * unlike upstream which pastes values raw), the row-filter operators of transfer-semantics §3.5, the hash
 * expression used to split a parallel read (§4.6) and the case to which target column names are normalised (§4.5).
 */
public interface SqlDialect extends Serializable {
    /** The connection type name as stored in SyncMaster ({@code postgres}, {@code mysql}, …). */
    String name();

    /** JDBC driver class. */
    String driverClass();

    /** Quotes one identifier, doubling the quote character inside it: {@code "x"} unless the dialect says otherwise. */
    default String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

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

    /** Case-insensitive LIKE: {@code LOWER(F) LIKE LOWER(v)} where the database has no ILIKE (upstream §3.5). */
    default String ilike(String quotedField, String literal) {
        return "LOWER(" + quotedField + ") LIKE LOWER(" + literal + ")";
    }

    default String notIlike(String quotedField, String literal) {
        return "NOT " + ilike(quotedField, literal);
    }

    String regexp(String quotedField, String literal);

    /** An integer expression in {@code [0, partitions)} (or NULL when {@code expression} is NULL). */
    String hashPartitionExpression(String expression, int partitions);

    /**
     * A split of {@code table} into {@code partitions} ranges of physical storage, read without rescans (PostgreSQL's
     * block ranges); empty when the database or this relation (a view, an old server) has none.
     */
    default Optional<PartitionPlan> blockRanges(Connection connection, TableName table, int partitions) throws SQLException {
        return Optional.empty();
    }

    /** Target column name normalisation (transfer-semantics §4.5): lower case, Oracle upper case. */
    default String normalizeColumnName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The dialect for one session, once connected: where SQL text depends on a server setting (MySQL's
     * {@code sql_mode}), the returned dialect matches it.
     */
    default SqlDialect forSession(Connection connection) throws SQLException {
        return this;
    }

    /**
     * For a column the database reports without precision (PostgreSQL's unconstrained {@code numeric}), which Spark
     * reads as {@code decimal(38, 18)} and so would round: the select-list items measuring its largest scale and its
     * largest number of integer digits. Empty: the database has no such type.
     *
     * @param typeName  the column's type name in lower case
     * @param precision the precision the driver reports
     */
    default Optional<String> unconstrainedDecimalDigits(String quotedColumn, String typeName, int precision) {
        return Optional.empty();
    }

    /**
     * The dialect for queries on one source table, whose column types (JDBC type names by column name) are known:
     * where a database cannot compare a column with a string literal (ClickHouse before 21 and numbers), the
     * returned dialect converts the literal to the column's type.
     */
    default SqlDialect forColumns(Map<String, String> typeNames) {
        return this;
    }

    /** Upstream's connection check query (transfer-semantics §2.3). */
    default String probeQuery() {
        return "SELECT 1";
    }

    /**
     * How the database folds an unquoted identifier: {@code schema.table} names from the params are used as if
     * unquoted (as upstream, so {@code public.Orders} means {@code orders} on PostgreSQL), but are quoted after
     * folding, so reserved words ({@code public.order}) work too.
     */
    default String foldIdentifier(String identifier) {
        return identifier;
    }

    /** {@code "schema"."table"} with the database's folding applied to both parts. */
    default String qualified(TableName table) {
        return quoteIdentifier(foldIdentifier(table.schema())) + "." + quoteIdentifier(foldIdentifier(table.table()));
    }

    /**
     * True when the database calls a {@code schema.table} prefix a catalog in JDBC metadata (MySQL: databases are
     * catalogs), false when it is a schema.
     */
    default boolean schemaIsCatalog() {
        return false;
    }

    /**
     * The column type this runner creates for a Spark type where Spark's own dialect mapping would lose data (e.g.
     * MySQL {@code DATETIME(6)} instead of second-precision {@code TIMESTAMP}); empty: Spark's mapping.
     */
    default Optional<String> columnType(DataType type) {
        return Optional.empty();
    }

    /**
     * The whole {@code CREATE TABLE} for a staging table, for databases whose tables need more than column types
     * (ClickHouse: an engine and a sorting key); empty: column types from {@link #columnType} or Spark's mapping.
     */
    default Optional<String> createTable(String qualifiedName, StructType schema) {
        return Optional.empty();
    }

    /** Extra JDBC properties for the connections that read rows (e.g. MySQL's server-side cursor, so rows stream). */
    default Map<String, String> readProperties() {
        return Map.of();
    }

    /** Extra JDBC properties for the connection that writes rows (e.g. MySQL's batched-insert rewrite). */
    default Map<String, String> writeProperties() {
        return Map.of();
    }

    /**
     * The statements that replace {@code target} with the filled {@code staging} table (transfer-semantics §4.5,
     * replace_entire_table), and whether they run in one transaction. {@code aside} is a free name for the old table.
     */
    Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists);

    /** {@code INSERT INTO target (cols) SELECT cols FROM staging}: the append step, in one transaction. */
    default String appendFromStaging(TableName target, TableName staging, List<String> quotedColumns) {
        String columns = String.join(", ", quotedColumns);
        return "INSERT INTO " + qualified(target) + " (" + columns + ") SELECT " + columns + " FROM " + qualified(staging);
    }

    /** {@code DROP TABLE} for a staging table that may or may not exist. */
    default String dropIfExists(TableName table) {
        return "DROP TABLE IF EXISTS " + qualified(table);
    }

    /** An increment-column value as a literal (transfer-semantics §4.6 step 2). */
    default String literal(ColumnValue value) {
        if (value instanceof ColumnValue.Number number) {
            return number.value().toPlainString();
        }
        if (value instanceof ColumnValue.Date date) {
            return dateLiteral(date.value());
        }
        return timestampLiteral(((ColumnValue.Timestamp) value).value());
    }

    /** ANSI {@code DATE 'yyyy-mm-dd'}. */
    default String dateLiteral(LocalDate date) {
        return "DATE '" + date + "'";
    }

    /** ANSI {@code TIMESTAMP 'yyyy-mm-dd hh:mm:ss.ffffff'}. */
    default String timestampLiteral(LocalDateTime timestamp) {
        return "TIMESTAMP '" + MICROS.format(timestamp) + "'";
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, the text form every dialect's timestamp literal starts from. */
    DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
}
