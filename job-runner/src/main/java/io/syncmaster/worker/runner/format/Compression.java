package io.syncmaster.worker.runner.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A compression codec as SyncMaster stores it ({@code file_format.compression}) and the suffix it adds to a written
 * file's extension (transfer-semantics §4.3): {@code gzip → gz}, {@code bzip2 → bz2}, {@code none →} nothing.
 */
public enum Compression {
    NONE("none", ""), GZIP("gzip", "gz"), BZIP2("bzip2", "bz2"), SNAPPY("snappy", "snappy"), ZLIB("zlib", "zlib"),
    LZ4("lz4", "lz4"), DEFLATE("deflate", "deflate");

    private final String jsonName;
    private final String suffix;

    Compression(String jsonName, String suffix) {
        this.jsonName = jsonName;
        this.suffix = suffix;
    }

    /** The name stored in the format JSON and understood by Spark's {@code compression} option. */
    public String jsonName() {
        return jsonName;
    }

    /** The extension part, empty for {@link #NONE}. */
    public String suffix() {
        return suffix;
    }

    /**
     * The codec named {@code value}, which must be one of {@code allowed}; {@code field} names the JSON field in the
     * error (e.g. {@code transfer.target_params.file_format.compression}).
     */
    static Compression parse(String value, Set<Compression> allowed, FailureSide side, String field) {
        String name = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.jsonName.equals(name) && allowed.contains(c)).findFirst()
                .orElseThrow(() -> new RunFailure(side, field + ": '" + value + "' is not one of "
                        + allowed.stream().map(Compression::jsonName).collect(Collectors.joining(", "))));
    }
}
