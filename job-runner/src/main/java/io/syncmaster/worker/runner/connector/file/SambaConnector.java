package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;

/** {@code samba}: staged through the run's scratch directory (see {@link StagedFileSource}, {@link StagedFileTarget}). */
public final class SambaConnector extends StagedFileConnector {
    /** Upstream's verification defaults (docs/files.md). */
    public SambaConnector() {
        this(VerificationSettings.UPSTREAM);
    }

    public SambaConnector(VerificationSettings verification) {
        super("samba", verification);
    }
}
