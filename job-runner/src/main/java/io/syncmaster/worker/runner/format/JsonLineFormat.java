package io.syncmaster.worker.runner.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code jsonline}: one JSON object per line (Spark's {@code json} source with {@code multiLine=false}); written
 * files end in {@code jsonl}, which Spark never writes itself. Compression as for CSV, default gzip.
 */
public final class JsonLineFormat extends SparkFileFormat {
    private final String encoding;
    private final String lineSep;
    private final Compression compression;

    JsonLineFormat(FormatJson json) {
        this(json.text("encoding", "utf-8"), json.text("line_sep", "\n"), json.compression(Compression.GZIP, CsvFormat.COMPRESSIONS),
                json.extraOptions());
    }

    public JsonLineFormat(String encoding, String lineSep, Compression compression, Map<String, String> extraOptions) {
        super(extraOptions);
        this.encoding = encoding;
        this.lineSep = lineSep;
        this.compression = compression;
    }

    @Override
    public String typeName() {
        return "jsonline";
    }

    @Override
    public String extension() {
        return Extensions.rowFormat("jsonl", compression);
    }

    @Override
    String sparkSource() {
        return "json";
    }

    @Override
    Map<String, String> formatOptions() {
        return jsonOptions(false, encoding, lineSep);
    }

    /** Spark's json source options for one object per line ({@code multiLine=false}) or one array per file. */
    static Map<String, String> jsonOptions(boolean multiLine, String encoding, String lineSep) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("multiLine", Boolean.toString(multiLine));
        options.put("encoding", encoding);
        options.put("lineSep", lineSep);
        return options;
    }

    @Override
    Map<String, String> writeOnlyOptions() {
        return Map.of("compression", compression.jsonName());
    }
}
