package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;

/** {@code sftp}: staged through the run's scratch directory (see {@link StagedFileSource}, {@link StagedFileTarget}). */
public final class SftpConnector extends StagedFileConnector {
    /** Upstream's verification defaults (docs/files.md). */
    public SftpConnector() {
        this(VerificationSettings.UPSTREAM);
    }

    public SftpConnector(VerificationSettings verification) {
        super("sftp", verification);
    }
}
