package io.syncmaster.worker.runner.failure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the failure summary where Kubernetes picks it up as the container's termination message
 * ({@code terminationMessagePath}, default {@code /dev/termination-log}); the operator shows it in the
 * TransferRun status. Writing is best effort: a missing directory outside Kubernetes must not hide the real error.
 */
public final class TerminationLog {
    private static final Logger LOG = LoggerFactory.getLogger(TerminationLog.class);

    private final Path path;

    public TerminationLog(Path path) {
        this.path = path;
    }

    public void write(String text) {
        if (path == null) {
            return;
        }
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the termination message to {}: {}", path, e.toString());
        }
    }
}
