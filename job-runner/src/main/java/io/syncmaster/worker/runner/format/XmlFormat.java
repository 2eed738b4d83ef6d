package io.syncmaster.worker.runner.format;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code xml}: Spark's built-in XML source (Spark 4 has it; upstream needed spark-xml) with the stored root and
 * row tags; compression for writing, default gzip ({@code xml.gz}). {@code none} is not passed on, as upstream.
 */
public final class XmlFormat extends SparkFileFormat {
    static final Set<Compression> COMPRESSIONS = EnumSet.of(Compression.NONE, Compression.BZIP2, Compression.GZIP,
            Compression.LZ4, Compression.SNAPPY);

    private final String rootTag;
    private final String rowTag;
    private final Compression compression;

    XmlFormat(FormatJson json) {
        this(json.requiredText("root_tag"), json.requiredText("row_tag"), json.compression(Compression.GZIP, COMPRESSIONS),
                json.extraOptions());
    }

    public XmlFormat(String rootTag, String rowTag, Compression compression, Map<String, String> extraOptions) {
        super(extraOptions);
        this.rootTag = rootTag;
        this.rowTag = rowTag;
        this.compression = compression;
    }

    @Override
    public String typeName() {
        return "xml";
    }

    @Override
    public String extension() {
        return Extensions.rowFormat("xml", compression);
    }

    @Override
    String sparkSource() {
        return "xml";
    }

    @Override
    Map<String, String> formatOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("rootTag", rootTag);
        options.put("rowTag", rowTag);
        return options;
    }

    @Override
    Map<String, String> writeOnlyOptions() {
        return compression == Compression.NONE ? Map.of() : Map.of("compression", compression.jsonName());
    }
}
