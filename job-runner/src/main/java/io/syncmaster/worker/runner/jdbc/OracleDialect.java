package io.syncmaster.worker.runner.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimestampNTZType;

/**
 * Oracle SQL text: {@code "quoted"} identifiers folded to upper case, {@code REGEXP_LIKE}, {@code ORA_HASH}
 * partitions, target columns in UPPER case (transfer-semantics §3.5, §4.5, §4.6).
 *
 * <p>Replace is two renames ({@code target → aside}, {@code staging → target}): Oracle DDL commits implicitly and
 * Oracle has no multi-table rename, so between the two statements (one dictionary operation, milliseconds) the
 * target name does not exist; it is never half-written. If the second rename fails, the first is undone.
 */
public final class OracleDialect implements SqlDialect {
    public static final OracleDialect INSTANCE = new OracleDialect();

    private OracleDialect() {
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public String driverClass() {
        return "oracle.jdbc.OracleDriver";
    }

    /** Oracle string literals have no escape character: only the quote is doubled. */
    @Override
    public String stringLiteral(String value) {
        Literals.rejectNul(value);
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String regexp(String quotedField, String literal) {
        return "REGEXP_LIKE(" + quotedField + ", " + literal + ")";
    }

    @Override
    public String hashPartitionExpression(String expression, int partitions) {
        return "ORA_HASH(" + expression + ", " + (partitions - 1) + ")";
    }

    @Override
    public String normalizeColumnName(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    @Override
    public String foldIdentifier(String identifier) {
        return identifier.toUpperCase(Locale.ROOT);
    }

    @Override
    public String probeQuery() {
        return "SELECT 1 FROM dual";
    }

    /**
     * Where Spark's Oracle mapping loses data: doubles and floats ({@code NUMBER(19, 4)} in Spark) become
     * {@code BINARY_DOUBLE}/{@code BINARY_FLOAT}; timestamps become {@code TIMESTAMP(6)} as upstream's Spark 3.5
     * created them (Spark 4 creates {@code TIMESTAMP WITH LOCAL TIME ZONE}); strings get {@code VARCHAR2(4000)}
     * instead of 255 characters (a longer value fails the run with ORA-12899, it is never cut).
     */
    @Override
    public Optional<String> columnType(DataType type) {
        if (type.equals(DataTypes.DoubleType)) {
            return Optional.of("BINARY_DOUBLE");
        }
        if (type.equals(DataTypes.FloatType)) {
            return Optional.of("BINARY_FLOAT");
        }
        if (type.equals(DataTypes.TimestampType) || type instanceof TimestampNTZType) {
            return Optional.of("TIMESTAMP(6)");
        }
        if (type.equals(DataTypes.StringType)) {
            return Optional.of("VARCHAR2(4000)");
        }
        return Optional.empty();
    }

    @Override
    public Swap swap(TableName target, TableName staging, TableName aside, boolean targetExists) {
        String targetName = quoteIdentifier(foldIdentifier(target.table()));
        String stagingToTarget = "ALTER TABLE " + qualified(staging) + " RENAME TO " + targetName;
        if (!targetExists) {
            return new Swap(List.of(stagingToTarget), false, List.of(), List.of());
        }
        return new Swap(List.of("ALTER TABLE " + qualified(target) + " RENAME TO " + quoteIdentifier(foldIdentifier(aside.table())),
                stagingToTarget),
                false,
                List.of("ALTER TABLE " + qualified(aside) + " RENAME TO " + targetName),
                List.of("DROP TABLE " + qualified(aside) + " PURGE"));
    }

    /** Oracle (before 23) has no {@code DROP TABLE IF EXISTS}: the block ignores ORA-00942 only. */
    @Override
    public String dropIfExists(TableName table) {
        return "BEGIN EXECUTE IMMEDIATE 'DROP TABLE " + qualified(table).replace("'", "''") + " PURGE'; "
                + "EXCEPTION WHEN OTHERS THEN IF SQLCODE != -942 THEN RAISE; END IF; END;";
    }

    @Override
    public String dateLiteral(LocalDate date) {
        return "TO_DATE('" + date + "', 'YYYY-MM-DD')";
    }

    /** {@code TO_TIMESTAMP} keeps the fraction that upstream's {@code TO_DATE} dropped. */
    @Override
    public String timestampLiteral(LocalDateTime timestamp) {
        return "TO_TIMESTAMP('" + MICROS.format(timestamp) + "', 'YYYY-MM-DD HH24:MI:SS.FF6')";
    }
}
