package io.syncmaster.worker.runner.connector.database.clickhouse;

import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * ClickHouse SQL text (transfer-semantics §3.5, §4.6) for the server the run is connected to. Deviation from
 * upstream, same results: {@code ILIKE} and {@code REGEXP} are rendered as {@code lowerUTF8(F) LIKE lowerUTF8(v)}
 * and {@code match(F, v)}, because the operators exist only in newer servers (18.16 has neither) while these
 * functions exist in every version; {@code REGEXP} is itself an alias of {@code match}.
 */
public final class ClickHouseSqlDialect implements SqlDialect {
    private static final long serialVersionUID = 1L;

    private final ClickHouseServerInfo server;

    public ClickHouseSqlDialect(ClickHouseServerInfo server) {
        this.server = server;
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
}
