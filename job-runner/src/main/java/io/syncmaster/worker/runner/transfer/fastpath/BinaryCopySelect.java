package io.syncmaster.worker.runner.transfer.fastpath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.syncmaster.worker.runner.jdbc.PostgresDialect;

/**
 * Makes the source query of the COPY pipe produce, column by column, exactly the binary representation the staging
 * table's column type reads ({@code COPY ... (FORMAT binary)} is much cheaper for both servers than text). A column
 * whose source type already has that representation is passed as is; any other is cast on the source to the
 * target column type, e.g. {@code timestamptz → TIMESTAMP} (in the session's time zone, the JVM's, as Spark's JDBC
 * path converts it) or {@code uuid, jsonb → TEXT}. {@code bpchar} is never cast: casting drops its padding, which
 * the Spark path keeps.
 */
final class BinaryCopySelect {
    /** Source type → target type names (without precision) that read its binary form unchanged. */
    private static final Map<String, Set<String>> SAME_BINARY_FORM = Map.ofEntries(
            Map.entry("int2", Set.of("SMALLINT", "INT2")),
            Map.entry("int4", Set.of("INTEGER", "INT", "INT4")),
            Map.entry("int8", Set.of("BIGINT", "INT8")),
            Map.entry("float4", Set.of("REAL", "FLOAT4")),
            Map.entry("float8", Set.of("DOUBLE PRECISION", "FLOAT8")),
            Map.entry("numeric", Set.of("NUMERIC", "DECIMAL")),
            Map.entry("bool", Set.of("BOOLEAN", "BOOL")),
            Map.entry("date", Set.of("DATE")),
            Map.entry("timestamp", Set.of("TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE")),
            Map.entry("timestamptz", Set.of("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")),
            Map.entry("bytea", Set.of("BYTEA")),
            Map.entry("text", Set.of("TEXT", "VARCHAR", "CHARACTER VARYING")),
            Map.entry("varchar", Set.of("TEXT", "VARCHAR", "CHARACTER VARYING")),
            Map.entry("bpchar", Set.of("TEXT", "VARCHAR", "CHARACTER VARYING", "CHAR", "BPCHAR")),
            Map.entry("json", Set.of("TEXT", "VARCHAR", "CHARACTER VARYING")));

    private BinaryCopySelect() {
    }

    /**
     * @param sourceNames  output column names of {@code inner}, in order
     * @param sourceTypes  their PostgreSQL type names
     * @param targetSchema the staging table's Spark schema (same order)
     * @param dialect      Spark's JDBC dialect of the target, which chose the staging column types
     */
    static String wrap(String inner, List<String> sourceNames, List<String> sourceTypes, StructType targetSchema, JdbcDialect dialect) {
        StructField[] fields = targetSchema.fields();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            String column = "q." + PostgresDialect.INSTANCE.quoteIdentifier(sourceNames.get(i));
            String targetType = JdbcUtils.getJdbcType(fields[i].dataType(), dialect).databaseTypeDefinition();
            columns.add(needsCast(sourceTypes.get(i), targetType) ? "CAST(" + column + " AS " + targetType + ")" : column);
        }
        return "SELECT " + String.join(", ", columns) + " FROM (" + inner + ") q";
    }

    static boolean needsCast(String sourceType, String targetType) {
        String base = targetType.toUpperCase(Locale.ROOT).replaceAll("\\(.*\\)", "").trim();
        return !SAME_BINARY_FORM.getOrDefault(sourceType, Set.of()).contains(base);
    }
}
