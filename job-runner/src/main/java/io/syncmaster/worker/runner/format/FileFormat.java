package io.syncmaster.worker.runner.format;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One of SyncMaster's seven file formats (transfer-semantics §4.1): how its stored options map to a reader and a
 * writer, and the extension of the files it writes (§4.3). Connectors never look inside a format: a source hands it
 * the files to read, a target a fresh directory to write into and then renames what appeared there.
 */
public interface FileFormat {
    /** The stored {@code file_format.type}: {@code csv}, {@code jsonline}, {@code json}, {@code excel}, ... */
    String typeName();

    /** The {@code {extension}} of written files, e.g. {@code csv.gz}, {@code jsonl}, {@code snappy.orc}. */
    String extension();

    /** False for {@code json}, which SyncMaster only reads. */
    default boolean writable() {
        return true;
    }

    /**
     * Reads {@code files} (fully qualified paths below {@code basePath}, which Spark uses for partition discovery)
     * with {@code schema} when the transfer has one, else inferred the way the format does.
     *
     * @param userOptions the source's {@code options}, applied over the format's own
     */
    Dataset<Row> read(SparkSession spark, String basePath, List<String> files, Optional<StructType> schema,
            Map<String, String> userOptions);

    /**
     * Writes {@code data} as files of this format into {@code directory}, which does not exist yet. Any file names
     * will do: the target renames every file afterwards.
     *
     * @param userOptions the target's {@code options}, applied over the format's own
     * @return the number of rows written
     */
    long write(Dataset<Row> data, String directory, Map<String, String> userOptions);
}
