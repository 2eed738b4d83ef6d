package io.syncmaster.worker.standalone;

import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.runspec.RunSpecCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone worker's run spec files: each child JVM gets its run's {@link RunSpec} as a file readable by this
 * OS user only (directory 0700, file 0600, created with those modes, never widened), named by {@code --run-spec}.
 * Never on the command line ({@code /proc/<pid>/cmdline} is world-readable) and never in the environment. A file
 * lives while its run does; files a crashed worker left behind are deleted at start (the state directory has one
 * owner, see {@link RunJournal}).
 */
final class RunSpecFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RunSpecFiles.class);

    private final Path directory;

    private RunSpecFiles(Path directory) {
        this.directory = directory;
    }

    static RunSpecFiles open(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "run-*.json")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        return new RunSpecFiles(directory);
    }

    /** Writes the spec of one run (replacing an earlier attempt's file) and returns its path. */
    Path write(RunSpec spec) throws IOException {
        Path file = directory.resolve("run-" + spec.runId() + ".json");
        Files.deleteIfExists(file);
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(RunSpecCodec.encode(spec));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        return file;
    }

    /** Deletes a run's spec file; null or an already deleted file is fine. */
    void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the run spec file {}: {}", file, e.toString());
        }
    }

    Path directory() {
        return directory;
    }
}
