package io.syncmaster.worker.runner.format;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code parquet}: compression for writing, default snappy ({@code snappy.parquet}; lz4 gives
 * {@code lz4hadoop.parquet}, gzip {@code gz.parquet}); types come from the files.
 */
public final class ParquetFormat extends SparkFileFormat {
    static final Set<Compression> COMPRESSIONS = EnumSet.of(Compression.NONE, Compression.SNAPPY, Compression.GZIP, Compression.LZ4);

    private final Compression compression;

    ParquetFormat(FormatJson json) {
        this(json.compression(Compression.SNAPPY, COMPRESSIONS), json.extraOptions());
    }

    public ParquetFormat(Compression compression, Map<String, String> extraOptions) {
        super(extraOptions);
        this.compression = compression;
    }

    @Override
    public String typeName() {
        return "parquet";
    }

    @Override
    public String extension() {
        return Extensions.columnar("parquet", compression);
    }

    @Override
    String sparkSource() {
        return "parquet";
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
