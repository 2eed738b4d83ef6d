package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.syncmaster.worker.db.RunStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Lifecycle phase of a {@link TransferRun} (design §3). The allowed moves between phases live in
 * {@code run.PhaseTransitions}; this enum only says what each phase means for SyncMaster's row.
 */
public enum RunPhase {
    /** Received, waiting for a slot of its queue; the row is CREATED. */
    @JsonProperty("Queued") QUEUED(false, null),
    /** Holds a slot: the row is being claimed (CREATED → STARTED) and the Job created; the pod is not running yet. */
    @JsonProperty("Pending") PENDING(false, null),
    /** The job-runner pod is running; the row is STARTED. */
    @JsonProperty("Running") RUNNING(false, null),
    @JsonProperty("Succeeded") SUCCEEDED(true, RunStatus.FINISHED),
    @JsonProperty("Failed") FAILED(true, RunStatus.FAILED),
    @JsonProperty("Stopped") STOPPED(true, RunStatus.STOPPED),
    /** The row was not CREATED when we tried to claim it (another worker took it, or it is gone): left untouched. */
    @JsonProperty("Skipped") SKIPPED(true, null);

    private final boolean terminal;
    private final RunStatus finalRowStatus;

    RunPhase(boolean terminal, RunStatus finalRowStatus) {
        this.terminal = terminal;
        this.finalRowStatus = finalRowStatus;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Whether the run holds one of its queue's concurrency slots. */
    public boolean holdsSlot() {
        return this == PENDING || this == RUNNING;
    }

    /** The status the {@code run} row must end with, or empty when the row is not ours to write (Skipped). */
    public Optional<RunStatus> finalRowStatus() {
        return Optional.ofNullable(finalRowStatus);
    }

    /** The name shown in the CR ({@code Queued}, {@code Running}, …). */
    public String displayName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }
}
