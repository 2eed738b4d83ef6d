package io.syncmaster.worker.db;

import java.time.OffsetDateTime;

/**
 * One row of SyncMaster's {@code run} table, without {@code transfer_dump} (display-only, never read by a worker).
 *
 * <p>Timestamps are UTC with microsecond precision; {@code startedAt}, {@code endedAt} and {@code logUrl} may be
 * null. {@code type} is {@code MANUAL} or {@code SCHEDULED}, kept as a string because the worker never interprets it.
 */
public record RunRow(long id, long transferId, RunStatus status, String type, OffsetDateTime startedAt,
                     OffsetDateTime endedAt, String logUrl, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** A copy with another status (e.g. the row as it will be after a claim, for rendering the log URL). */
    public RunRow withStatus(RunStatus newStatus) {
        return new RunRow(id, transferId, newStatus, type, startedAt, endedAt, logUrl, createdAt, updatedAt);
    }

    /** A copy with another {@code started_at}. */
    public RunRow withStartedAt(OffsetDateTime newStartedAt) {
        return new RunRow(id, transferId, status, type, newStartedAt, endedAt, logUrl, createdAt, updatedAt);
    }
}
