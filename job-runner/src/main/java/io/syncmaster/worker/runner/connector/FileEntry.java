package io.syncmaster.worker.runner.connector;

import java.time.Instant;

/**
 * One file of a file source, as a listing reports it (metadata filters and file HWMs work on these).
 *
 * @param path     absolute remote path (upstream's file HWM stores these)
 * @param size     bytes
 * @param modified last modification time
 */
public record FileEntry(String path, long size, Instant modified) {
}
