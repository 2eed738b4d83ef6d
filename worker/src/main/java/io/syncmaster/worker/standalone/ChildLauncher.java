package io.syncmaster.worker.standalone;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts the process that executes one run. Production uses {@link JobRunnerInstallation} (a fresh job-runner JVM per
 * run, the isolation Celery's {@code --max-tasks-per-child=1} gives upstream); tests substitute a small fake program
 * so that slot, stop and shutdown behaviour can be checked in seconds.
 */
@FunctionalInterface
public interface ChildLauncher {

    /**
     * Starts the child for {@code runId}. The child must write its failure summary to {@code terminationLog}, must
     * exit when its stdin reaches end-of-file (the worker is gone), and gets the database URL and Fernet key only
     * through its environment.
     */
    Process start(long runId, Path terminationLog) throws IOException;
}
