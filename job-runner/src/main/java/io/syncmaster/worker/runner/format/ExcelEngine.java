package io.syncmaster.worker.runner.format;

import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and writes .xlsx files. One interface so that the library can change: no spark-excel build for Spark 4 is
 * served here (docs/files.md), so {@link PoiExcelEngine} does it on the driver with Apache POI.
 */
public interface ExcelEngine {
    Dataset<Row> read(SparkSession spark, List<String> files, Optional<StructType> schema, ExcelLayout layout);

    /** Writes .xlsx files into {@code directory} (new); returns the number of data rows. */
    long write(Dataset<Row> data, String directory, ExcelLayout layout);
}
