package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's local directory for staged files (transfer-semantics §5.1: upstream's {@code syncmaster_<run_id>_*}
 * temporary directory): downloaded source files for Spark to read, or Spark's output waiting for upload. Readable by
 * the owner only; removed with everything in it by {@link #close()}, which a run calls in {@code finally}.
 */
public final class StagingDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagingDirectory.class);

    private final Path path;

    private StagingDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates {@code <parent>/syncmaster_<runId>_<purpose>_<random>}.
     *
     * @param parent  the run's temporary directory (the JVM's {@code java.io.tmpdir} when the caller has none)
     * @param purpose {@code downloaded} or {@code written}, for people reading a directory listing
     */
    public static StagingDirectory create(Path parent, long runId, String purpose) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "syncmaster_" + runId + "_" + purpose + "_",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new StagingDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory under " + parent, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and its content; a failure is logged, never thrown (this runs in finally blocks). */
    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove the staging directory {}: {}", path, e.toString());
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
