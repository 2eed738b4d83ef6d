package io.syncmaster.worker.runner.jdbc;

import java.util.HashMap;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** Column-name normalisation for a database target (transfer-semantics §4.5): each dialect says how (lower case; Oracle upper case). */
public final class ColumnNames {
    private ColumnNames() {
    }

    /** The schema with every column renamed by the target dialect; two columns that collide are an error. */
    public static StructType normalize(StructType schema, SqlDialect targetDialect) {
        Map<String, String> seen = new HashMap<>();
        StructField[] fields = schema.fields();
        StructField[] renamed = new StructField[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String name = targetDialect.normalizeColumnName(fields[i].name());
            String previous = seen.put(name, fields[i].name());
            if (previous != null) {
                throw new RunFailure(FailureSide.TARGET, "source columns '" + previous + "' and '" + fields[i].name()
                        + "' both become '" + name + "' in the target");
            }
            renamed[i] = new StructField(name, fields[i].dataType(), fields[i].nullable(), fields[i].metadata());
        }
        return new StructType(renamed);
    }

    /** The DataFrame with its columns renamed per {@link #normalize}. */
    public static Dataset<Row> normalize(Dataset<Row> data, SqlDialect targetDialect) {
        StructType normalized = normalize(data.schema(), targetDialect);
        return data.toDF(normalized.fieldNames());
    }
}
