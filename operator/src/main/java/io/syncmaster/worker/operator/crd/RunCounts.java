package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Number of the queue's TransferRuns in each phase, as shown by {@code kubectl get swq}. */
public class RunCounts {
    @JsonPropertyDescription("TransferRuns waiting for a slot of the queue.")
    private int queued;
    @JsonPropertyDescription("TransferRuns with a Job whose pod is not running yet.")
    private int pending;
    @JsonPropertyDescription("TransferRuns whose pod runs the job-runner.")
    private int running;
    @JsonPropertyDescription("TransferRuns that succeeded.")
    private int succeeded;
    @JsonPropertyDescription("TransferRuns that failed.")
    private int failed;
    @JsonPropertyDescription("TransferRuns that were stopped.")
    private int stopped;
    @JsonPropertyDescription("TransferRuns skipped because their row was not CREATED.")
    private int skipped;

    public int getQueued() {
        return queued;
    }

    public void setQueued(int queued) {
        this.queued = queued;
    }

    public int getPending() {
        return pending;
    }

    public void setPending(int pending) {
        this.pending = pending;
    }

    public int getRunning() {
        return running;
    }

    public void setRunning(int running) {
        this.running = running;
    }

    public int getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(int succeeded) {
        this.succeeded = succeeded;
    }

    public int getFailed() {
        return failed;
    }

    public void setFailed(int failed) {
        this.failed = failed;
    }

    public int getStopped() {
        return stopped;
    }

    public void setStopped(int stopped) {
        this.stopped = stopped;
    }

    public int getSkipped() {
        return skipped;
    }

    public void setSkipped(int skipped) {
        this.skipped = skipped;
    }

    /** The number of runs in {@code phase}. */
    public int get(RunPhase phase) {
        return switch (phase) {
            case QUEUED -> queued;
            case PENDING -> pending;
            case RUNNING -> running;
            case SUCCEEDED -> succeeded;
            case FAILED -> failed;
            case STOPPED -> stopped;
            case SKIPPED -> skipped;
        };
    }

    /** Adds one run in the given phase. */
    public void count(RunPhase phase) {
        switch (phase) {
            case QUEUED -> queued++;
            case PENDING -> pending++;
            case RUNNING -> running++;
            case SUCCEEDED -> succeeded++;
            case FAILED -> failed++;
            case STOPPED -> stopped++;
            case SKIPPED -> skipped++;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunCounts c && queued == c.queued && pending == c.pending && running == c.running
                && succeeded == c.succeeded && failed == c.failed && stopped == c.stopped && skipped == c.skipped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(queued, pending, running, succeeded, failed, stopped, skipped);
    }
}
