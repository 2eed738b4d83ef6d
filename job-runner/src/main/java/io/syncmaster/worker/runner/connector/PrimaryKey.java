package io.syncmaster.worker.runner.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A source table's primary key, carried to the target inside the DataFrame's column metadata, so that a target
 * that must choose a physical key (ClickHouse's MergeTree ORDER BY) can use it without knowing the source. The
 * metadata survives the target's column renaming; a column the projection dropped or renamed loses it.
 */
public final class PrimaryKey {
    /** Metadata key on a key column: its 0-based position in the primary key. */
    public static final String METADATA_KEY = "syncmaster.primary_key_position";

    private PrimaryKey() {
    }

    /**
     * {@code data} with the {@code columns} (output names, in key order) marked; unchanged when the key is empty or
     * one of its columns is not in the output (a partial key is not a key).
     */
    public static Dataset<Row> mark(Dataset<Row> data, List<String> columns) {
        if (columns.isEmpty() || !List.of(data.columns()).containsAll(columns)) {
            return data;
        }
        Dataset<Row> result = data;
        for (int i = 0; i < columns.size(); i++) {
            StructField field = data.schema().apply(columns.get(i));
            Metadata metadata = new MetadataBuilder().withMetadata(field.metadata()).putLong(METADATA_KEY, i).build();
            result = result.withMetadata(columns.get(i), metadata);
        }
        return result;
    }

    /**
     * The primary key columns of {@code schema} in key order; empty when no column is marked or when a key column
     * has gone missing since it was marked.
     */
    public static List<String> of(StructType schema) {
        Map<Long, String> byPosition = new TreeMap<>();
        for (StructField field : schema.fields()) {
            if (field.metadata().contains(METADATA_KEY)) {
                byPosition.put(field.metadata().getLong(METADATA_KEY), field.name());
            }
        }
        List<String> key = new ArrayList<>(byPosition.values());
        for (long i = 0; i < key.size(); i++) {
            if (!byPosition.containsKey(i)) {
                return List.of();
            }
        }
        return key;
    }
}
