package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;

/** {@code ftp}: staged through the run's scratch directory (see {@link StagedFileSource}, {@link StagedFileTarget}). */
public final class FtpConnector extends StagedFileConnector {
    /** Upstream's verification defaults (docs/files.md). */
    public FtpConnector() {
        this(VerificationSettings.UPSTREAM);
    }

    public FtpConnector(VerificationSettings verification) {
        super("ftp", verification);
    }
}
