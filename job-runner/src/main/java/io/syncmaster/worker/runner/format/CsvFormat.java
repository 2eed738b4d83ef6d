package io.syncmaster.worker.runner.format;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code csv}: delimiter, encoding, quote, escape, header and line separator for reading and writing, compression
 * for writing (default gzip, so {@code csv.gz}). Without a {@code df_schema} every column is read as a string,
 * as upstream (no {@code inferSchema} unless the source's options ask for it).
 */
public final class CsvFormat extends SparkFileFormat {
    static final Set<Compression> COMPRESSIONS = EnumSet.of(Compression.NONE, Compression.BZIP2, Compression.GZIP,
            Compression.LZ4, Compression.SNAPPY, Compression.DEFLATE);

    private final String delimiter;
    private final String encoding;
    private final String quote;
    private final String escape;
    private final boolean header;
    private final String lineSep;
    private final Compression compression;

    CsvFormat(FormatJson json) {
        this(json.text("delimiter", ","), json.text("encoding", "utf-8"), json.text("quote", "\""),
                json.text("escape", "\\"), json.bool("include_header", false), json.text("line_sep", "\n"),
                json.compression(Compression.GZIP, COMPRESSIONS), json.extraOptions());
    }

    public CsvFormat(String delimiter, String encoding, String quote, String escape, boolean header, String lineSep,
            Compression compression, Map<String, String> extraOptions) {
        super(extraOptions);
        this.delimiter = delimiter;
        this.encoding = encoding;
        this.quote = quote;
        this.escape = escape;
        this.header = header;
        this.lineSep = lineSep;
        this.compression = compression;
    }

    @Override
    public String typeName() {
        return "csv";
    }

    @Override
    public String extension() {
        return Extensions.rowFormat("csv", compression);
    }

    @Override
    String sparkSource() {
        return "csv";
    }

    @Override
    Map<String, String> formatOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("sep", delimiter);
        options.put("encoding", encoding);
        options.put("quote", quote);
        options.put("escape", escape);
        options.put("header", Boolean.toString(header));
        options.put("lineSep", lineSep);
        return options;
    }

    @Override
    Map<String, String> writeOnlyOptions() {
        return Map.of("compression", compression.jsonName());
    }
}
