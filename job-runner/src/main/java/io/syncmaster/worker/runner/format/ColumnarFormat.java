package io.syncmaster.worker.runner.format;

import java.util.Map;

/**
 * ORC and Parquet: self-describing files (types come from the files), only a write-side {@code compression}, and
 * the codec as the extension's prefix ({@code snappy.parquet}, {@code zlib.orc}).
 */
abstract class ColumnarFormat extends SparkFileFormat {
    private final Compression compression;

    ColumnarFormat(Compression compression, Map<String, String> extraOptions) {
        super(extraOptions);
        this.compression = compression;
    }

    @Override
    public final String typeName() {
        return sparkSource();
    }

    @Override
    public final String extension() {
        return Extensions.columnar(sparkSource(), compression);
    }

    @Override
    final Map<String, String> formatOptions() {
        return Map.of();
    }

    @Override
    final Map<String, String> writeOnlyOptions() {
        return Map.of("compression", compression.jsonName());
    }
}
