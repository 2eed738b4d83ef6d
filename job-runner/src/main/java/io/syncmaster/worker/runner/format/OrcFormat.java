package io.syncmaster.worker.runner.format;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** {@code orc}: compression for writing, default zlib ({@code zlib.orc}). */
public final class OrcFormat extends ColumnarFormat {
    static final Set<Compression> COMPRESSIONS = EnumSet.of(Compression.NONE, Compression.SNAPPY, Compression.ZLIB, Compression.LZ4);

    OrcFormat(FormatJson json) {
        this(json.compression(Compression.ZLIB, COMPRESSIONS), json.extraOptions());
    }

    public OrcFormat(Compression compression, Map<String, String> extraOptions) {
        super(compression, extraOptions);
    }

    @Override
    String sparkSource() {
        return "orc";
    }
}
