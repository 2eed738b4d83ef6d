package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.util.Optional;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Spark type → ClickHouse column type for the tables this runner creates. Values keep their precision where the
 * server allows: decimals keep precision and scale, timestamps keep microseconds as {@code DateTime64(6)} (servers
 * before 20.1 have only {@code DateTime}, whole seconds: the target logs a warning, see docs/connectors-catalogs.md).
 */
final class ClickHouseTypes {
    private ClickHouseTypes() {
    }

    /** The non-Nullable type, or empty for a Spark type ClickHouse cannot hold as is (arrays, maps, structs…). */
    static Optional<String> baseType(DataType type, ClickHouseServerInfo server) {
        String result = null;
        if (type.equals(DataTypes.StringType) || type.equals(DataTypes.BinaryType)) {
            result = "String";
        } else if (type.equals(DataTypes.LongType)) {
            result = "Int64";
        } else if (type.equals(DataTypes.IntegerType)) {
            result = "Int32";
        } else if (type.equals(DataTypes.ShortType)) {
            result = "Int16";
        } else if (type.equals(DataTypes.ByteType)) {
            result = "Int8";
        } else if (type.equals(DataTypes.BooleanType)) {
            result = server.boolType() ? "Bool" : "UInt8";
        } else if (type.equals(DataTypes.FloatType)) {
            result = "Float32";
        } else if (type.equals(DataTypes.DoubleType)) {
            result = "Float64";
        } else if (type instanceof DecimalType decimal) {
            result = "Decimal(" + decimal.precision() + ", " + decimal.scale() + ")";
        } else if (type.equals(DataTypes.DateType)) {
            result = server.date32() ? "Date32" : "Date";
        } else if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
            result = server.dateTime64() ? "DateTime64(6)" : "DateTime";
        }
        return Optional.ofNullable(result);
    }

    /** {@code Nullable(T)} and {@code LowCardinality(T)} unwrapped to {@code T}. */
    static String unwrap(String typeName) {
        String type = typeName.trim();
        for (String wrapper : new String[] {"LowCardinality(", "Nullable(", "LowCardinality("}) {
            if (type.startsWith(wrapper) && type.endsWith(")")) {
                type = type.substring(wrapper.length(), type.length() - 1).trim();
            }
        }
        return type;
    }
}
