package io.syncmaster.worker.runner.format;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** {@code orc}: compression for writing, default zlib ({@code zlib.orc}); types come from the files. */
public final class OrcFormat extends SparkFileFormat {
    static final Set<Compression> COMPRESSIONS = EnumSet.of(Compression.NONE, Compression.SNAPPY, Compression.ZLIB, Compression.LZ4);

    private final Compression compression;

    OrcFormat(FormatJson json) {
        this(json.compression(Compression.ZLIB, COMPRESSIONS), json.extraOptions());
    }

    public OrcFormat(Compression compression, Map<String, String> extraOptions) {
        super(extraOptions);
        this.compression = compression;
    }

    @Override
    public String typeName() {
        return "orc";
    }

    @Override
    public String extension() {
        return Extensions.columnar("orc", compression);
    }

    @Override
    String sparkSource() {
        return "orc";
    }

    @Override
    Map<String, String> formatOptions() {
        return Map.of();
    }

    @Override
    Map<String, String> writeOnlyOptions() {
        return Map.of("compression", compression.jsonName());
    }
}
