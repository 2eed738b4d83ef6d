package io.syncmaster.worker.runner.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A format Spark reads and writes itself ({@code csv}, {@code json}, {@code orc}, {@code parquet}, {@code xml}):
 * a Spark source name plus the options the stored format produces. The {@code compression} option only matters
 * for writing; readers pick the codec from the file extension.
 */
abstract class SparkFileFormat implements FileFormat {
    private final Map<String, String> extraOptions;

    SparkFileFormat(Map<String, String> extraOptions) {
        this.extraOptions = Map.copyOf(extraOptions);
    }

    /** Spark's name for the data source, e.g. {@code csv}. */
    abstract String sparkSource();

    /** The options SyncMaster's stored fields produce (transfer-semantics §4.1), for reading and writing. */
    abstract Map<String, String> formatOptions();

    /** Options only the writer gets, e.g. {@code compression}; none by default. */
    Map<String, String> writeOnlyOptions() {
        return Map.of();
    }

    /** Options the format and the stored extra keys produce, then {@code user} on top. */
    final Map<String, String> options(Map<String, String> extra, Map<String, String> user) {
        Map<String, String> options = new LinkedHashMap<>(formatOptions());
        options.putAll(extra);
        options.putAll(extraOptions);
        options.putAll(user);
        return options;
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String basePath, List<String> files, Optional<StructType> schema,
            Map<String, String> userOptions) {
        DataFrameReader reader = spark.read().format(sparkSource()).options(options(Map.of(), userOptions))
                .option("basePath", basePath);
        schema.ifPresent(reader::schema);
        return reader.load(files.toArray(String[]::new));
    }

    @Override
    public long write(Dataset<Row> data, String directory, Map<String, String> userOptions) {
        Observation observation = new Observation("rows_written");
        data.observe(observation, functions.count(functions.lit(1)).as("rows")).write().format(sparkSource())
                .options(options(writeOnlyOptions(), userOptions)).mode(SaveMode.ErrorIfExists).save(directory);
        try {
            return ((Number) observation.getAsJava().get("rows")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the rows written", e);
        }
    }
}
