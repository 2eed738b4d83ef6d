package io.syncmaster.worker.db;

/**
 * Everything a job-runner reads before executing a run: the run row, its transfer, the group name (Spark app name)
 * and both connections with their decrypted credentials. {@link #toString()} never shows credentials.
 */
public record RunContext(RunRow run, TransferRow transfer, String groupName, ConnectionDetails source,
                         ConnectionDetails target) {
}
