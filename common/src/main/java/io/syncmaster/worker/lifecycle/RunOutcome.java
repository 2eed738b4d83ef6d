package io.syncmaster.worker.lifecycle;

import io.syncmaster.worker.db.RunStatus;
import java.util.Objects;

/**
 * How the end of a run's job-runner (a child JVM, or a Job) becomes a terminal run status, as one pure rule for both
 * workers: a job-runner that succeeded completed the transfer (that fact wins over a stop request that came too
 * late); otherwise a stop this worker carried out (signal sent, Job deleted) means STOPPED; anything else is FAILED,
 * with the job-runner's termination message as the reason. A stop that is requested but not carried out yet does
 * not explain a failure: the failure came first.
 *
 * @param status terminal status to write
 * @param detail why, secret-free (the job-runner's own summary, the stop reason, or the exit code)
 */
public record RunOutcome(RunStatus status, String detail) {

    /** Longest detail kept (termination messages are short; this bounds a runaway file). */
    public static final int MAX_DETAIL = 4096;

    public RunOutcome {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("not a terminal status: " + status);
        }
    }

    /**
     * @param succeeded      whether the job-runner completed the transfer
     * @param stopCarriedOut why this worker stopped the job-runner, or null if it did not
     * @param failure        why it failed (secret-free), used when neither of the above applies
     */
    public static RunOutcome decide(boolean succeeded, String stopCarriedOut, String failure) {
        if (succeeded) {
            return new RunOutcome(RunStatus.FINISHED, "the job-runner finished successfully");
        }
        if (stopCarriedOut != null) {
            return new RunOutcome(RunStatus.STOPPED, stopCarriedOut);
        }
        return new RunOutcome(RunStatus.FAILED, failure);
    }

    /**
     * The outcome of a child JVM.
     *
     * @param exitCode           the child's exit code
     * @param stopReason         why the worker stopped the child, or null if it did not
     * @param terminationMessage what the child wrote to its termination log, or null/blank
     */
    public static RunOutcome decide(int exitCode, String stopReason, String terminationMessage) {
        String message = terminationMessage == null ? "" : terminationMessage.strip();
        if (message.length() > MAX_DETAIL) {
            message = message.substring(0, MAX_DETAIL) + "...";
        }
        return decide(exitCode == 0, stopReason, message.isEmpty() ? describeExit(exitCode) : message);
    }

    /** {@code exit code 1}, or {@code exit code 137 (killed by signal 9)} for codes above 128. */
    static String describeExit(int exitCode) {
        String text = "the job-runner exited with code " + exitCode;
        return exitCode > 128 && exitCode < 160 ? text + " (killed by signal " + (exitCode - 128) + ")" : text;
    }
}
