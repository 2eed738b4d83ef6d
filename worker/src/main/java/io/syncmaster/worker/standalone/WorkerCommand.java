package io.syncmaster.worker.standalone;

import io.syncmaster.worker.cli.Subcommand;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.standalone.watchdog.WatchdogAgentJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code syncmaster-worker worker -Q slug1[,slug2] --concurrency N}: the drop-in replacement for
 * {@code celery -A syncmaster.worker.celery worker -Q ... --max-tasks-per-child=1 --concurrency=N} on a host or in
 * docker-compose, without Kubernetes. Runs until SIGTERM/SIGINT, then shuts down gracefully.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Consume SyncMaster queues and execute each run in a fresh job-runner JVM (no Kubernetes).",
                "Settings: SYNCMASTER__* variables and SYNCMASTER_CONFIG_FILE, as for SyncMaster's own worker."})
public final class WorkerCommand implements Subcommand {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Option(names = {"-Q", "--queues"}, required = true, split = ",", paramLabel = "SLUG",
            description = "queue slugs to consume, comma-separated (e.g. 123-test_queue)")
    List<String> queues = new ArrayList<>();

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
            description = "runs executing at once (default: the number of CPUs, like Celery)")
    Integer concurrency;

    @Option(names = "--job-runner-jar", paramLabel = "PATH", defaultValue = "${env:SYNCMASTER_JOB_RUNNER_JAR}",
            description = "the job-runner jar (env SYNCMASTER_JOB_RUNNER_JAR; default: found next to this worker's"
                    + " jar, else job-runner/target/ under the working directory)")
    Path jobRunnerJar;

    @Option(names = "--job-runner-jvm-options", paramLabel = "PATH",
            defaultValue = "${env:SYNCMASTER_JOB_RUNNER_JVM_OPTIONS}",
            description = "the job-runner's JVM flags file (env SYNCMASTER_JOB_RUNNER_JVM_OPTIONS; default: jvm.options"
                    + " next to the jar)")
    Path jobRunnerJvmOptions;

    @Option(names = "--job-runner-java-options", paramLabel = "OPTIONS",
            defaultValue = "${env:SYNCMASTER_JOB_RUNNER_JAVA_OPTIONS}",
            description = "extra JVM options for every job-runner, space-separated, e.g. \"-Xmx4g\""
                    + " (env SYNCMASTER_JOB_RUNNER_JAVA_OPTIONS)")
    String jobRunnerJavaOptions;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "Spark setting passed to every run (repeatable); merged over"
                    + " worker.spark_session_default_config")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--grace-period", paramLabel = "SECONDS", defaultValue = "30",
            description = "on SIGTERM, how long running runs may finish before they are stopped (default: ${DEFAULT-VALUE})")
    long gracePeriodSeconds;

    @Option(names = "--slot-wait", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long a received message waits for a free slot before going back to RabbitMQ; keep it"
                    + " below RabbitMQ's consumer_timeout (default: ${DEFAULT-VALUE})")
    long slotWaitSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:SYNCMASTER_WORKER_STATE_DIR}",
            description = "run journal used to finish runs after a crash; keep it across restarts, one per worker"
                    + " (env SYNCMASTER_WORKER_STATE_DIR; default: <java.io.tmpdir>/syncmaster-worker)")
    Path stateDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StandaloneWorker worker;
        try {
            worker = start();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // a missing jar, a state directory in use, an unreachable database: say what, without a stack trace
            spec.commandLine().getErr().println("syncmaster-worker worker: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private StandaloneWorker start() throws IOException {
        Settings settings = Settings.load();
        // Fail fast, naming the key, before connecting anywhere.
        settings.database();
        settings.broker();
        settings.encryption();
        settings.worker();
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "syncmaster-worker");
        Path jar = jobRunnerJar != null ? jobRunnerJar
                : JobRunnerInstallation.findJar(Path.of("")).orElseThrow(() -> new IllegalArgumentException(
                        "job-runner jar not found; give --job-runner-jar (looked in "
                                + JobRunnerInstallation.candidates(Path.of("").toAbsolutePath()) + ")"));
        Path jvmOptions = jobRunnerJvmOptions != null ? jobRunnerJvmOptions : JobRunnerInstallation.defaultJvmOptions(jar);
        JobRunnerInstallation installation = new JobRunnerInstallation(JobRunnerInstallation.currentJava(), jar,
                jvmOptions, splitOptions(jobRunnerJavaOptions), WatchdogAgentJar.writeTo(state.resolve("agent")),
                sparkConf, ChildEnvironment.from(System.getenv()));
        int slots = concurrency != null ? concurrency : Runtime.getRuntime().availableProcessors();
        WorkerOptions options = WorkerOptions.defaults(queues, slots, state)
                .withGracePeriod(Duration.ofSeconds(gracePeriodSeconds))
                .withSlotWait(Duration.ofSeconds(slotWaitSeconds));
        LOG.info("Job-runner: {}", installation);

        return StandaloneWorker.start(settings, options, installation, RunListener.none(), Clock.systemUTC());
    }

    static List<String> splitOptions(String options) {
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return List.of(options.trim().split("\\s+"));
    }
}
