package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;

/** {@code webdav}: staged through the run's scratch directory (see {@link StagedFileSource}, {@link StagedFileTarget}). */
public final class WebDavConnector extends StagedFileConnector {
    /** Upstream's verification defaults (docs/files.md). */
    public WebDavConnector() {
        this(VerificationSettings.UPSTREAM);
    }

    public WebDavConnector(VerificationSettings verification) {
        super("webdav", verification);
    }
}
