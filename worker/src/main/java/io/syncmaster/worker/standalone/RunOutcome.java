package io.syncmaster.worker.standalone;

import io.syncmaster.worker.db.RunStatus;
import java.util.Objects;

/**
 * How a finished child becomes a terminal run status, as one pure rule: a child that exited 0 completed the transfer
 * (that fact wins over a stop request that came too late, as in the operator); otherwise a stop we asked for means
 * STOPPED; anything else is FAILED, with the job-runner's termination message as the reason.
 *
 * @param status terminal status to write
 * @param detail why, secret-free (the job-runner's own summary, the stop reason, or the exit code)
 */
public record RunOutcome(RunStatus status, String detail) {

    /** Longest detail kept (termination messages are short; this bounds a runaway file). */
    static final int MAX_DETAIL = 4096;

    public RunOutcome {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("not a terminal status: " + status);
        }
    }

    /**
     * @param exitCode           the child's exit code
     * @param stopReason         why the worker stopped the child, or null if it did not
     * @param terminationMessage what the child wrote to its termination log, or null/blank
     */
    public static RunOutcome decide(int exitCode, String stopReason, String terminationMessage) {
        if (exitCode == 0) {
            return new RunOutcome(RunStatus.FINISHED, "the job-runner finished successfully");
        }
        if (stopReason != null) {
            return new RunOutcome(RunStatus.STOPPED, stopReason);
        }
        String message = terminationMessage == null ? "" : terminationMessage.strip();
        if (message.length() > MAX_DETAIL) {
            message = message.substring(0, MAX_DETAIL) + "...";
        }
        return new RunOutcome(RunStatus.FAILED, message.isEmpty() ? describeExit(exitCode) : message);
    }

    /** {@code exit code 1}, or {@code exit code 137 (killed by signal 9)} for codes above 128. */
    static String describeExit(int exitCode) {
        String text = "the job-runner exited with code " + exitCode;
        return exitCode > 128 && exitCode < 160 ? text + " (killed by signal " + (exitCode - 128) + ")" : text;
    }
}
