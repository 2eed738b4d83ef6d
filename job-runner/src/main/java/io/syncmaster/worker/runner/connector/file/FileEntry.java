package io.syncmaster.worker.runner.connector.file;

import java.time.Instant;

/**
 * A listed file: its fully qualified location (for Spark), its absolute path on the file system (what the metadata
 * filters and messages see, e.g. {@code /data/in/a.csv}), size and modification time.
 */
public record FileEntry(String uri, String path, long size, Instant modifiedAt) {
}
