package io.syncmaster.worker.runner;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.FailureSummary;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.failure.TerminationLog;
import io.syncmaster.worker.runner.spark.SparkSessionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run --run-id N}: executes one SyncMaster run. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Execute one SyncMaster run: read the source, write the target. Settings come from "
                + "SYNCMASTER__* variables and the YAML file named by SYNCMASTER_CONFIG_FILE.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--run-id", required = true, description = "id of the run row to execute")
    long runId;

    @Option(names = "--manage-run-status",
            description = "claim the run (CREATED -> STARTED) and write FINISHED/FAILED; without it the run row is not touched")
    boolean manageRunStatus;

    @Option(names = "--termination-log", defaultValue = "/dev/termination-log",
            description = "file receiving the failure summary (default: ${DEFAULT-VALUE})")
    Path terminationLog;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Spark setting merged over worker.spark_session_default_config (repeatable)")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--correlation-id", description = "correlation id rendered into log_url with --manage-run-status")
    String correlationId;

    @Option(names = "--run-spec", paramLabel = "PATH",
            description = "run spec file (run, transfer, decrypted connections) written by the operator or the standalone "
                    + "worker; without it the run is loaded from SyncMaster's database with database.url and encryption.secret_key")
    Path runSpec;

    @Override
    public Integer call() {
        RunOptions options = new RunOptions(runId, manageRunStatus, terminationLog, sparkConf, correlationId, runSpec);
        Settings settings;
        try {
            settings = Settings.load();
        } catch (RuntimeException e) {
            // Settings errors name the key and never echo a value.
            FailureSummary summary = FailureSummary.of(e, FailureSide.SETUP, new SecretRedactor());
            System.err.print(summary.render());
            new TerminationLog(terminationLog).write(summary.render());
            return JobRunner.EXIT_FAILED;
        }
        return new JobRunner(settings, SparkSessionProvider.perRun(), Clock.systemUTC(), System.err).run(options);
    }
}
