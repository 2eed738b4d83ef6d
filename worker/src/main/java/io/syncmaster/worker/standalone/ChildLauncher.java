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
     * Starts the child for {@code runId}. The child reads its run (decrypted connections included) from the 0600 file
     * {@code runSpec} and gets neither SyncMaster's database URL nor the Fernet key; it must write its failure summary
     * to {@code terminationLog} and must exit when its stdin reaches end-of-file (the worker is gone).
     */
    Process start(long runId, Path runSpec, Path terminationLog) throws IOException;
}
