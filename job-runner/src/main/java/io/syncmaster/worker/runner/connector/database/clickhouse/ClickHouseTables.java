package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The {@code CREATE TABLE} this runner sends to ClickHouse: a {@code MergeTree} whose sorting key is the source's
 * primary key when the source has one and all its columns reach the target, else {@code tuple()} (no sorting, every
 * row kept). Upstream instead sorts by the first column whose name ends in "id" ({@code paid}, {@code void} …), or
 * the first column, which may be Nullable and then fails (transfer-semantics §8 item 8). Key columns are not
 * Nullable (MergeTree refuses Nullable keys); every other column is Nullable unless Spark knows it holds no NULL.
 */
public final class ClickHouseTables {
    private ClickHouseTables() {
    }

    /**
     * @param qualifiedName the table as written in SQL
     * @param schema        the target columns (already normalised)
     * @param sortingKey    the columns to sort by, from {@link #sortingKey}; empty for {@code tuple()}
     */
    public static String createTable(String qualifiedName, StructType schema, List<String> sortingKey, ClickHouseServerInfo server) {
        Set<String> key = new HashSet<>(sortingKey);
        List<String> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            String base = ClickHouseTypes.baseType(field.dataType(), server).orElseThrow(() -> new RunFailure(FailureSide.TARGET,
                    "column '" + field.name() + "' of type " + field.dataType().simpleString()
                            + " cannot be stored in a ClickHouse table by this job-runner"));
            boolean nullable = field.nullable() && !key.contains(field.name());
            columns.add(ClickHouseSqlText.quoteIdentifier(field.name()) + " " + (nullable ? "Nullable(" + base + ")" : base));
        }
        String orderBy = sortingKey.isEmpty() ? "tuple()"
                : "(" + String.join(", ", sortingKey.stream().map(ClickHouseSqlText::quoteIdentifier).toList()) + ")";
        return "CREATE TABLE " + qualifiedName + " (" + String.join(", ", columns) + ") ENGINE = MergeTree() ORDER BY " + orderBy;
    }

    /**
     * The sorting key for a table of {@code schema}: {@code primaryKey} (target column names, in key order) when it is
     * not empty and every one of its columns is in the schema, else empty.
     */
    public static List<String> sortingKey(StructType schema, List<String> primaryKey) {
        Set<String> names = Set.of(schema.fieldNames());
        if (primaryKey.isEmpty() || !names.containsAll(primaryKey)) {
            return List.of();
        }
        return List.copyOf(primaryKey);
    }
}
