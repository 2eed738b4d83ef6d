package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;

/** {@code ftps}: staged through the run's scratch directory (see {@link StagedFileSource}, {@link StagedFileTarget}). */
public final class FtpsConnector extends StagedFileConnector {
    /** Upstream's verification defaults (docs/files.md). */
    public FtpsConnector() {
        this(VerificationSettings.UPSTREAM);
    }

    public FtpsConnector(VerificationSettings verification) {
        super("ftps", verification);
    }
}
