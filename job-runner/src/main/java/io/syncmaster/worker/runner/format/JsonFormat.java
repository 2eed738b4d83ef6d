package io.syncmaster.worker.runner.format;

import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * {@code json}: files holding one JSON array (Spark's {@code json} source with {@code multiLine=true}). SyncMaster
 * only reads this format; a target refuses it before anything is written.
 */
public final class JsonFormat extends SparkFileFormat {
    private final String encoding;
    private final String lineSep;

    JsonFormat(FormatJson json) {
        this(json.text("encoding", "utf-8"), json.text("line_sep", "\n"), extraWithoutCompression(json));
    }

    /** The API stores a compression for json too; it means nothing for reading and is not passed to Spark. */
    private static Map<String, String> extraWithoutCompression(FormatJson json) {
        json.compression(Compression.GZIP, CsvFormat.COMPRESSIONS);
        return json.extraOptions();
    }

    public JsonFormat(String encoding, String lineSep, Map<String, String> extraOptions) {
        super(extraOptions);
        this.encoding = encoding;
        this.lineSep = lineSep;
    }

    @Override
    public String typeName() {
        return "json";
    }

    @Override
    public String extension() {
        return "json";
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    String sparkSource() {
        return "json";
    }

    @Override
    Map<String, String> formatOptions() {
        return JsonLineFormat.jsonOptions(true, encoding, lineSep);
    }

    @Override
    public long write(Dataset<Row> data, String directory, Map<String, String> userOptions) {
        throw new RunFailure(FailureSide.TARGET, "file format json can only be read; write jsonline instead");
    }
}
