package io.syncmaster.worker.db;

import java.util.EnumSet;
import java.util.Set;

/**
 * The values SyncMaster stores in {@code run.status} (contract §1.4), spelled exactly as stored.
 *
 * <p>{@link #canTransition} is the single, pure rule for what this worker may write: monotonic, a terminal status
 * never changes. Server-side transitions ({@code CREATED|STARTED → SEND_STOP_SIGNAL}, {@code CREATED → FAILED} on
 * a publish error) are not the worker's to make and are not in the table.
 */
public enum RunStatus {
    CREATED,
    STARTED,
    FAILED,
    SEND_STOP_SIGNAL,
    STOPPED,
    FINISHED;

    /** FAILED, STOPPED and FINISHED: nothing may change the row's status afterwards. */
    public boolean isTerminal() {
        return this == FAILED || this == STOPPED || this == FINISHED;
    }

    /** The statuses the worker may write starting from this one. */
    public Set<RunStatus> allowedTargets() {
        return switch (this) {
            case CREATED -> EnumSet.of(STARTED, FAILED, STOPPED);
            case STARTED -> EnumSet.of(FINISHED, FAILED, STOPPED);
            case SEND_STOP_SIGNAL -> EnumSet.of(STOPPED, FINISHED, FAILED);
            case FAILED, STOPPED, FINISHED -> EnumSet.noneOf(RunStatus.class);
        };
    }

    /**
     * Whether the worker may move a run from {@code from} to {@code to}: CREATED→STARTED|FAILED|STOPPED,
     * STARTED→FINISHED|FAILED|STOPPED, SEND_STOP_SIGNAL→STOPPED|FINISHED|FAILED, terminal→nothing.
     */
    public static boolean canTransition(RunStatus from, RunStatus to) {
        if (from == null || to == null) {
            return false;
        }
        return from.allowedTargets().contains(to);
    }

    /** The statuses from which the worker may write {@code to} (used in conditional UPDATEs). */
    public static Set<RunStatus> allowedSources(RunStatus to) {
        Set<RunStatus> sources = EnumSet.noneOf(RunStatus.class);
        for (RunStatus from : values()) {
            if (canTransition(from, to)) {
                sources.add(from);
            }
        }
        return sources;
    }

    /**
     * Parses a stored value.
     *
     * @throws IllegalArgumentException naming the unknown value (SyncMaster itself fails on it too)
     */
    public static RunStatus fromDatabase(String value) {
        for (RunStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown run.status value '" + value + "'");
    }
}
