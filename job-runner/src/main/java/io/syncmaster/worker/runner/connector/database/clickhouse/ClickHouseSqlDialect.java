package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.PrimaryKey;
import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.Swap;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.transform.FilterOperator;

/**
 * ClickHouse SQL text (transfer-semantics §3.5, §4.5, §4.6) for the server the run is connected to
 * ({@link #forSession} asks it, {@link ClickHouseServerInfo}).
 *
 * <ul>
 * <li>Filters: {@code ILIKE} and {@code REGEXP} are rendered as {@code lowerUTF8(F) LIKE lowerUTF8(v)} and
 * {@code match(F, v)}: the operators exist only in newer servers (18.16 has neither), the functions in every
 * version, with the same results ({@code REGEXP} is an alias of {@code match}).</li>
 * <li>Tables: created by this runner ({@link ClickHouseTables}), MergeTree sorted by the source's primary key.</li>
 * <li>Replace: in an Atomic database {@code EXCHANGE TABLES staging AND target} (one atomic step), then the staging
 * name, now holding the old rows, is dropped. In an Ordinary database (all of 18.16) one
 * {@code RENAME TABLE target TO aside, staging TO target} statement (both renames under the server's DDL lock, not
 * one atomic step: a failure between them is undone by renaming back), then the old table is dropped.</li>
 * </ul>
 */
public final class ClickHouseSqlDialect implements SqlDialect {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSqlDialect.class);

    static {
        ClickHouseSparkDialect.register();
    }

    private final ClickHouseServerInfo server;
    /** Column type by quoted column name, once the source table is known ({@link #forColumns}). */
    private final Map<String, String> columnTypes;

    public ClickHouseSqlDialect(ClickHouseServerInfo server) {
        this(server, Map.of());
    }

    private ClickHouseSqlDialect(ClickHouseServerInfo server, Map<String, String> columnTypes) {
        this.server = server;
        this.columnTypes = Map.copyOf(columnTypes);
    }

    public ClickHouseServerInfo server() {
        return server;
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public String driverClass() {
        return ClickHouseDriver.configured().driverClass();
    }

    @Override
    public SqlDialect forSession(Connection connection) throws SQLException {
        return new ClickHouseSqlDialect(ClickHouseServerInfo.query(connection), columnTypes);
    }

    @Override
    public SqlDialect forColumns(Map<String, String> typeNames) {
        Map<String, String> byQuotedName = new HashMap<>();
        typeNames.forEach((name, type) -> byQuotedName.put(quoteIdentifier(name), type));
        return new ClickHouseSqlDialect(server, byQuotedName);
    }

    /**
     * Comparisons with a value of a non-string column cast the value to the column's type: ClickHouse before 21
     * refuses {@code Int32 <= String} (upstream's {@code "NUMBER" <= '25'}), and the cast gives newer servers the
     * same comparison they would make implicitly.
     */
    @Override
    public String condition(String quotedField, FilterOperator operator, String literal) {
        String type = columnTypes.get(quotedField);
        boolean comparison = switch (operator) {
            case EQUAL, NOT_EQUAL, GREATER_THAN, GREATER_OR_EQUAL, LESS_THAN, LESS_OR_EQUAL -> true;
            default -> false;
        };
        if (comparison && literal != null && type != null && !isText(ClickHouseTypes.unwrap(type))) {
            return SqlDialect.super.condition(quotedField, operator, "CAST(" + literal + " AS " + type + ")");
        }
        return SqlDialect.super.condition(quotedField, operator, literal);
    }

    private static boolean isText(String type) {
        return type.equals("String") || type.startsWith("FixedString") || type.startsWith("Enum") || type.equals("UUID");
    }

    @Override
    public String quoteIdentifier(String identifier) {
        return ClickHouseSqlText.quoteIdentifier(identifier);
    }

    @Override
    public String stringLiteral(String value) {
        return ClickHouseSqlText.stringLiteral(value);
    }

    @Override
    public String ilike(String quotedField, String literal) {
        return "lowerUTF8(" + quotedField + ") LIKE lowerUTF8(" + literal + ")";
    }

    @Override
    public String notIlike(String quotedField, String literal) {
        return "NOT (lowerUTF8(" + quotedField + ") LIKE lowerUTF8(" + literal + "))";
    }

    @Override
    public String regexp(String quotedField, String literal) {
        return "match(" + quotedField + ", " + literal + ")";
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "sipHash64(" + expression + ") % " + partitions;
    }

    @Override
    public Optional<String> createTable(String qualifiedName, StructType schema) {
        if (!server.dateTime64()) {
            for (StructField field : schema.fields()) {
                if (field.dataType().equals(DataTypes.TimestampType) || field.dataType().equals(DataTypes.TimestampNTZType)) {
                    LOG.warn("ClickHouse {} has no DateTime64: column '{}' keeps whole seconds only", server.version(), field.name());
                }
            }
        }
        List<String> key = ClickHouseTables.sortingKey(schema, PrimaryKey.of(schema));
        return Optional.of(ClickHouseTables.createTable(qualifiedName, schema, key, server));
    }

    @Override
    public Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists) {
        if (!targetExists) {
            return new Swap(List.of("RENAME TABLE " + qualified(staging) + " TO " + qualified(target)), false, List.of(), List.of());
        }
        if (server.atomic(target.schema())) {
            String exchange = "EXCHANGE TABLES " + qualified(staging) + " AND " + qualified(target);
            return new Swap(List.of(exchange), false, List.of(), List.of("DROP TABLE " + qualified(staging)));
        }
        return new Swap(List.of("RENAME TABLE " + qualified(target) + " TO " + qualified(aside) + ", " + qualified(staging) + " TO "
                + qualified(target)), false,
                List.of("RENAME TABLE " + qualified(aside) + " TO " + qualified(target)),
                List.of("DROP TABLE " + qualified(aside)));
    }

    @Override
    public String dateLiteral(LocalDate date) {
        return "toDate('" + date + "')";
    }

    @Override
    public String timestampLiteral(LocalDateTime timestamp) {
        return server.dateTime64() ? "toDateTime64('" + MICROS.format(timestamp) + "', 6)"
                : "toDateTime('" + MICROS.format(timestamp).substring(0, 19) + "')";
    }
}
