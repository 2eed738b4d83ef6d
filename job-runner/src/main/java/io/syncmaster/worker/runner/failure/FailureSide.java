package io.syncmaster.worker.runner.failure;

/**
 * Which part of a run failed. The operator copies it into the TransferRun status so that a user can tell "my
 * source table is gone" from "the target refused the connection" without reading the pod log.
 */
public enum FailureSide {
    /** Loading the run, decrypting credentials, validating the transfer, starting Spark. */
    SETUP,
    /** Connecting to or reading from the source connection. */
    SOURCE,
    /** Connecting to or writing into the target connection. */
    TARGET;

    /** Lower-case name used in the termination message. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
