package io.syncmaster.worker.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * The command-line choices of one {@code run} invocation.
 *
 * @param runId            the SyncMaster run to execute
 * @param manageRunStatus  claim the run and write its final status (use without the operator)
 * @param terminationLog   where the failure summary goes (Kubernetes' termination-message file); null: nowhere
 * @param sparkConf        {@code --conf} entries, merged over worker.spark_session_default_config
 * @param correlationId    rendered into log_url when managing the status; null: a fresh one
 * @param runSpec          the run spec file written by the operator or the standalone worker; null: read the database
 */
public record RunOptions(long runId, boolean manageRunStatus, Path terminationLog, Map<String, String> sparkConf,
        String correlationId, Path runSpec) {
    /** Without a run spec: the run is loaded from SyncMaster's database. */
    public RunOptions(long runId, boolean manageRunStatus, Path terminationLog, Map<String, String> sparkConf,
            String correlationId) {
        this(runId, manageRunStatus, terminationLog, sparkConf, correlationId, null);
    }

    public RunOptions {
        sparkConf = Map.copyOf(sparkConf);
    }
}
