package io.syncmaster.worker.runner.jdbc;

/**
 * MySQL / MariaDB SQL text. Whether a backslash escapes inside a string literal depends on the server's
 * {@code NO_BACKSLASH_ESCAPES} SQL mode, so the dialect is built for the mode the source session actually has.
 */
public final class MySqlDialect implements SqlDialect {
    private final boolean backslashEscapes;

    /** @param backslashEscapes true unless the session's sql_mode contains NO_BACKSLASH_ESCAPES */
    public MySqlDialect(boolean backslashEscapes) {
        this.backslashEscapes = backslashEscapes;
    }

    /** The dialect for a session with the given {@code @@sql_mode}. */
    public static MySqlDialect forSqlMode(String sqlMode) {
        boolean noBackslash = sqlMode != null && sqlMode.toUpperCase(java.util.Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
        return new MySqlDialect(!noBackslash);
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String driverClass() {
        return "com.mysql.cj.jdbc.Driver";
    }

    @Override
    public String quoteIdentifier(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String stringLiteral(String value) {
        Literals.rejectNul(value);
        String escaped = backslashEscapes ? value.replace("\\", "\\\\") : value;
        return "'" + escaped.replace("'", "''") + "'";
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
        return "CAST(CONV(RIGHT(MD5(" + expression + "),16),16,10) AS UNSIGNED) % " + partitions;
    }
}
