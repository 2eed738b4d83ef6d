package io.syncmaster.worker.runner.format;

/**
 * The {@code {extension}} rules of transfer-semantics §4.3 in one place: row formats append the codec
 * ({@code csv.gz}, {@code jsonl.lz4}, {@code xml.bz2}), columnar formats prefix it ({@code snappy.parquet},
 * {@code zlib.orc}), Parquet with lz4 is {@code lz4hadoop.parquet}, no codec means no suffix.
 */
final class Extensions {
    private Extensions() {
    }

    static String rowFormat(String base, Compression compression) {
        return compression == Compression.NONE ? base : base + "." + compression.suffix();
    }

    static String columnar(String base, Compression compression) {
        if (compression == Compression.NONE) {
            return base;
        }
        if (compression == Compression.LZ4 && base.equals("parquet")) {
            return "lz4hadoop.parquet";
        }
        return compression.suffix() + "." + base;
    }
}
