package io.syncmaster.worker.runner.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimestampNTZType;

/**
 * Microsoft SQL Server SQL text (transfer-semantics §3.5): {@code "quoted"} identifiers, {@code N'…'} literals,
 * {@code BINARY_CHECKSUM} partitions.
 *
 * <p><b>regexp is a LIKE pattern.</b> T-SQL has no regular expressions; as upstream, the filter value is used as a
 * T-SQL {@code LIKE} pattern ({@code %}, {@code _}, {@code [0-9]}, {@code [^x]}), matched against the whole value.
 * {@code ^[^+].*} is therefore not the regex it looks like; write {@code [^+]%}. This is an approximation the user
 * must know about, documented in docs/connectors.md.
 *
 * <p>Replace runs {@code DROP TABLE} and {@code sp_rename} in one transaction: SQL Server DDL is transactional, so
 * readers see the old table until COMMIT, then the new one.
 */
public final class MsSqlDialect implements SqlDialect {
    public static final MsSqlDialect INSTANCE = new MsSqlDialect();

    private MsSqlDialect() {
    }

    @Override
    public String name() {
        return "mssql";
    }

    @Override
    public String driverClass() {
        return "com.microsoft.sqlserver.jdbc.SQLServerDriver";
    }

    /** A national (Unicode) literal; T-SQL has no escape character inside it, only the quote is doubled. */
    @Override
    public String stringLiteral(String value) {
        Literals.rejectNul(value);
        return "N'" + value.replace("'", "''") + "'";
    }

    /** The value as a T-SQL LIKE pattern (see the class comment). */
    @Override
    public String regexp(String quotedField, String literal) {
        return quotedField + " LIKE " + literal;
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "ABS(BINARY_CHECKSUM(" + expression + ")) % " + partitions;
    }

    @Override
    public String probeQuery() {
        return "SELECT 1 AS field";
    }

    /**
     * Timestamps become {@code DATETIME2(6)}: Spark's {@code DATETIME} rounds to 1/300 s (upstream's tests compare
     * MSSQL timestamps to the second for that reason); {@code DATETIME2(6)} keeps microseconds.
     */
    @Override
    public Optional<String> columnType(DataType type) {
        if (type.equals(DataTypes.TimestampType) || type instanceof TimestampNTZType) {
            return Optional.of("DATETIME2(6)");
        }
        return Optional.empty();
    }

    @Override
    public Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists) {
        return Swap.transactional(List.of(dropIfExists(target),
                "EXEC sp_rename " + stringLiteral(qualified(staging)) + ", " + stringLiteral(target.table())));
    }

    @Override
    public String dateLiteral(LocalDate date) {
        return "CAST('" + date + "' AS date)";
    }

    @Override
    public String timestampLiteral(LocalDateTime timestamp) {
        return "CAST('" + MICROS.format(timestamp) + "' AS datetime2)";
    }
}
