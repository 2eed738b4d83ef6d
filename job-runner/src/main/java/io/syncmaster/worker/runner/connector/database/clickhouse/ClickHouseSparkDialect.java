package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.jdbc.JdbcType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MetadataBuilder;

import scala.Option;

/**
 * Spark's JDBC dialect for ClickHouse. Spark ships none: with its no-op fallback a missing table is an error
 * instead of "not found", types are ANSI ({@code BIGINT NOT NULL}, a syntax error to ClickHouse) and an overwrite
 * drops the table, then fails to create it (shared/connectors.md §4). This runner creates ClickHouse tables itself
 * ({@link ClickHouseTables}: MergeTree, Nullable, ORDER BY) and lets Spark only insert and read, for which this
 * dialect supplies quoting, type codes for NULLs and ClickHouse's "unknown table" error codes.
 */
public final class ClickHouseSparkDialect extends JdbcDialect {
    private static final long serialVersionUID = 1L;
    /** ClickHouse error codes: UNKNOWN_TABLE, UNKNOWN_DATABASE. */
    private static final int UNKNOWN_TABLE = 60;
    private static final int UNKNOWN_DATABASE = 81;

    private static volatile boolean registered;

    /** Registers the dialect with Spark once per JVM (the registry is global; executors get it by class loading). */
    public static void register() {
        if (!registered) {
            synchronized (ClickHouseSparkDialect.class) {
                if (!registered) {
                    JdbcDialects.registerDialect(new ClickHouseSparkDialect());
                    registered = true;
                }
            }
        }
    }

    @Override
    public boolean canHandle(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:clickhouse:") || lower.startsWith("jdbc:ch:");
    }

    @Override
    public String quoteIdentifier(String column) {
        return ClickHouseSqlText.quoteIdentifier(column);
    }

    @Override
    public Option<JdbcType> getJDBCType(DataType dt) {
        String ddl = ClickHouseTypes.baseType(dt, ClickHouseServerInfo.MODERN).orElse(null);
        if (ddl == null) {
            return Option.empty();
        }
        return Option.apply(new JdbcType(ddl, jdbcTypeCode(dt)));
    }

    @Override
    public Option<DataType> getCatalystType(int sqlType, String typeName, int size, MetadataBuilder md) {
        String type = ClickHouseTypes.unwrap(typeName == null ? "" : typeName);
        DataType mapped = switch (type) {
            case "Int8" -> DataTypes.ByteType;
            case "UInt8", "Int16" -> DataTypes.ShortType;
            case "UInt16", "Int32" -> DataTypes.IntegerType;
            case "UInt32", "Int64" -> DataTypes.LongType;
            case "UInt64" -> DecimalType.apply(20, 0);
            case "Float32" -> DataTypes.FloatType;
            case "Float64" -> DataTypes.DoubleType;
            case "Bool" -> DataTypes.BooleanType;
            case "Date", "Date32" -> DataTypes.DateType;
            case "String", "UUID" -> DataTypes.StringType;
            default -> type.startsWith("DateTime") ? DataTypes.TimestampType
                    : type.startsWith("FixedString") || type.startsWith("Enum") ? DataTypes.StringType : null;
        };
        // unsigned types get the next wider signed type, so no value overflows; the rest is Spark's mapping
        return Option.apply(mapped);
    }

    @Override
    public Option<Object> isCascadingTruncateTable() {
        return Option.apply(Boolean.FALSE);
    }

    @Override
    public boolean isObjectNotFoundException(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == UNKNOWN_TABLE || sql.getErrorCode() == UNKNOWN_DATABASE)) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Code: 60,") || message.contains("Code: 81,") || message.contains("UNKNOWN_TABLE"))) {
                return true;
            }
        }
        return false;
    }

    private static int jdbcTypeCode(DataType dt) {
        if (dt.equals(DataTypes.StringType) || dt.equals(DataTypes.BinaryType)) {
            return Types.VARCHAR;
        }
        if (dt.equals(DataTypes.LongType)) {
            return Types.BIGINT;
        }
        if (dt.equals(DataTypes.IntegerType)) {
            return Types.INTEGER;
        }
        if (dt.equals(DataTypes.ShortType)) {
            return Types.SMALLINT;
        }
        if (dt.equals(DataTypes.ByteType)) {
            return Types.TINYINT;
        }
        if (dt.equals(DataTypes.BooleanType)) {
            return Types.BOOLEAN;
        }
        if (dt.equals(DataTypes.FloatType)) {
            return Types.FLOAT;
        }
        if (dt.equals(DataTypes.DoubleType)) {
            return Types.DOUBLE;
        }
        if (dt instanceof DecimalType) {
            return Types.DECIMAL;
        }
        if (dt.equals(DataTypes.DateType)) {
            return Types.DATE;
        }
        if (dt.equals(DataTypes.TimestampType) || dt.equals(DataTypes.TimestampNTZType)) {
            return Types.TIMESTAMP;
        }
        return Types.OTHER;
    }
}
