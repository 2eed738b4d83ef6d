package io.syncmaster.worker.runner.format;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code parquet}: compression for writing, default snappy ({@code snappy.parquet}; lz4 gives
 * {@code lz4hadoop.parquet}, gzip {@code gz.parquet}).
 */
public final class ParquetFormat extends ColumnarFormat {
    static final Set<Compression> COMPRESSIONS = EnumSet.of(Compression.NONE, Compression.SNAPPY, Compression.GZIP, Compression.LZ4);

    ParquetFormat(FormatJson json) {
        this(json.compression(Compression.SNAPPY, COMPRESSIONS), json.extraOptions());
    }

    public ParquetFormat(Compression compression, Map<String, String> extraOptions) {
        super(compression, extraOptions);
    }

    @Override
    String sparkSource() {
        return "parquet";
    }
}
