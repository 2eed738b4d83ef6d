package io.syncmaster.worker.runner.connector;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The run a connector works for. {@link #transferId()} makes staging names deterministic per transfer (see
 * {@link StagingNames}); {@link #runCreatedAt()} feeds file name templates ({@code {run_created_at}}) and is empty
 * when the caller does not know it.
 */
public record RunIdentity(long runId, long transferId, String appName, Optional<OffsetDateTime> runCreatedAt) {
    public StagingNames staging() {
        return new StagingNames(transferId, runId);
    }
}
