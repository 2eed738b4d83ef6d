package io.syncmaster.worker.runner.format;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code excel}: .xlsx workbooks with an optional header row and start cell; no compression, so written files are
 * always {@code xlsx}. Without a {@code df_schema} the column types are inferred from the cells.
 */
public final class ExcelFormat implements FileFormat {
    private static final Logger LOG = LoggerFactory.getLogger(ExcelFormat.class);

    private final ExcelLayout layout;
    private final ExcelEngine engine;

    ExcelFormat(FormatJson json, ExcelEngine engine) {
        this(ExcelLayout.of(json.bool("include_header", false), json.text("start_cell", null), json.side(),
                json.path("start_cell")), engine, json.extraOptions());
    }

    private ExcelFormat(ExcelLayout layout, ExcelEngine engine, Map<String, String> extraOptions) {
        this.layout = layout;
        this.engine = engine;
        if (!extraOptions.isEmpty()) {
            LOG.warn("Excel files are read and written without Spark options; ignoring {}", extraOptions.keySet());
        }
    }

    public ExcelFormat(ExcelLayout layout, ExcelEngine engine) {
        this(layout, engine, Map.of());
    }

    @Override
    public String typeName() {
        return "excel";
    }

    @Override
    public String extension() {
        return "xlsx";
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String basePath, List<String> files, Optional<StructType> schema,
            Map<String, String> userOptions) {
        return engine.read(spark, files, schema, layout);
    }

    @Override
    public long write(Dataset<Row> data, String directory, Map<String, String> userOptions) {
        return engine.write(data, directory, layout);
    }
}
