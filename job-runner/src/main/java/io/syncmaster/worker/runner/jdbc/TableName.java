package io.syncmaster.worker.runner.jdbc;

import java.util.regex.Pattern;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A {@code schema.table} name from source_params/target_params. The API only accepts word characters around one
 * dot; the runner checks the same rule (so the name cannot carry SQL) and then uses it unquoted, exactly as
 * upstream does, so that the database folds its case the same way (PostgreSQL: lower case).
 */
public record TableName(String schema, String table) {
    /** The API's regex {@code ^[\w\d]+\.[\w\d]+$}, with Python's Unicode {@code \w}. */
    private static final Pattern SCHEMA_DOT_TABLE = Pattern.compile("^(\\w+)\\.(\\w+)$", Pattern.UNICODE_CHARACTER_CLASS);

    public static TableName parse(String value, FailureSide side, String paramsName) {
        if (value == null || value.isBlank()) {
            throw new RunFailure(side, paramsName + ".table_name is missing");
        }
        var matcher = SCHEMA_DOT_TABLE.matcher(value);
        if (!matcher.matches()) {
            throw new RunFailure(side, paramsName + ".table_name '" + value
                    + "' is not of the form schema.table (word characters only, one dot)");
        }
        return new TableName(matcher.group(1), matcher.group(2));
    }

    /** {@code schema.table} as written in SQL. */
    public String sql() {
        return schema + "." + table;
    }

    /** Another table in the same schema. */
    public TableName sibling(String otherTable) {
        return new TableName(schema, otherTable);
    }

    @Override
    public String toString() {
        return sql();
    }
}
