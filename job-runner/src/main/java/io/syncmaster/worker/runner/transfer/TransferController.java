package io.syncmaster.worker.runner.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.connector.ConnectorSide;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.spark.SparkConfiguration;
import io.syncmaster.worker.runner.spark.SparkSessionProvider;
import io.syncmaster.worker.runner.transfer.fastpath.PostgresCopyPipe;

/**
 * Runs one {@link TransferPlan} (transfer-semantics §5.1): validate both sides through their connectors (no I/O),
 * start Spark with the sides' settings, check the source and then the target connection, remove staging that a
 * killed run of the same transfer left, let the strategy choose scope and write mode, then move the data, through a
 * pair's {@link FastPath} when one applies, else {@code source.read → target.write}. A shutdown hook removes this
 * run's staging at once on SIGTERM. Phases and counts go to {@link RunMetrics}, whose summary the caller reports.
 */
public final class TransferController {
    private static final Logger LOG = LoggerFactory.getLogger(TransferController.class);

    private final ConnectorRegistry connectors;
    private final SparkSessionProvider sparkSessions;
    private final Map<String, String> workerSparkDefaults;
    private final Map<String, String> commandLineConf;
    private final SecretRedactor redactor;
    private final StrategyFactory strategies;
    private final List<FastPath> fastPaths;

    public TransferController(ConnectorRegistry connectors, SparkSessionProvider sparkSessions, Map<String, String> workerSparkDefaults,
            Map<String, String> commandLineConf, SecretRedactor redactor, StrategyFactory strategies, List<FastPath> fastPaths) {
        this.connectors = connectors;
        this.sparkSessions = sparkSessions;
        this.workerSparkDefaults = Map.copyOf(workerSparkDefaults);
        this.commandLineConf = Map.copyOf(commandLineConf);
        this.redactor = redactor;
        this.strategies = strategies;
        this.fastPaths = List.copyOf(fastPaths);
    }

    /** The production wiring: connectors on the class path, strategy full, the PostgreSQL COPY pipe. */
    public static TransferController standard(SparkSessionProvider sparkSessions, Map<String, String> workerSparkDefaults,
            Map<String, String> commandLineConf, SecretRedactor redactor) {
        return new TransferController(ConnectorRegistry.discover(), sparkSessions, workerSparkDefaults, commandLineConf, redactor,
                StrategyFactory.fullOnly(), List.of(new PostgresCopyPipe()));
    }

    /** Runs the transfer; returns its summary. */
    public RunSummary run(TransferPlan plan) {
        RunMetrics metrics = new RunMetrics();
        run(plan, metrics);
        return metrics.summary(true);
    }

    /** Runs the transfer, recording phases and counts into {@code metrics} (also when it fails). */
    public void run(TransferPlan plan, RunMetrics metrics) {
        metrics.phase("validate");
        Source source = connectors.find(plan.source().type(), FailureSide.SOURCE, "source connection " + plan.source().id())
                .source(plan.sourceSide());
        Target target = connectors.find(plan.target().type(), FailureSide.TARGET, "target connection " + plan.target().id())
                .target(plan.targetSide());
        TransferStrategy strategy = strategies.create(plan);
        Map<String, String> connectorConf = mergeSparkConf(source, target);
        source.beforeSession();
        target.beforeSession();

        metrics.phase("spark_start");
        Map<String, String> defaults = new LinkedHashMap<>(workerSparkDefaults);
        defaults.putAll(connectorConf);
        Map<String, String> conf = SparkConfiguration.compute(defaults, commandLineConf, plan.resources(), plan.appName(), hostname());
        LOG.info("Starting Spark with {}", redactor.sanitizeConf(conf));
        SparkSession spark;
        try {
            spark = sparkSessions.open(conf);
        } catch (RuntimeException e) {
            throw RunFailure.wrap(FailureSide.SETUP, "cannot start Spark", e);
        }
        Path scratch = null;
        Thread abortHook = null;
        SparkListener listener = metrics.listener();
        spark.sparkContext().addSparkListener(listener);
        try {
            // SQL settings also reach a session that already existed (getOrCreate keeps the first one's builder conf);
            // static ones (spark.sql.catalogImplementation) can only come from the builder and cannot be set again.
            conf.forEach((key, value) -> {
                if (key.startsWith("spark.sql.") && spark.conf().isModifiable(key)) {
                    spark.conf().set(key, value);
                }
            });
            LOG.info("Spark ready, JVM uptime {} ms", ManagementFactory.getRuntimeMXBean().getUptime());
            scratch = createScratch(plan.runId());
            String clientInfo = spark.sparkContext().applicationId() + " " + plan.appName() + " syncmaster-job-runner Spark/"
                    + spark.version();
            RunEnvironment env = new RunEnvironment(spark, scratch, clientInfo, redactor);

            metrics.phase("check");
            source.check(env);
            target.check(env);
            LOG.info("Source {}; target {}", source.describe(), target.describe());
            // The run's Spark jobs form one group whose tasks are interrupted when cancelled, so that a stopping run
            // releases the locks its writes hold on the staging table before the hook drops it.
            String jobGroup = "syncmaster-run-" + plan.runId();
            spark.sparkContext().setJobGroup(jobGroup, "SyncMaster run " + plan.runId(), true);
            abortHook = new Thread(() -> {
                LOG.warn("Stopping: cancelling the run's Spark jobs and removing its staging of {}", target.describe());
                try {
                    spark.sparkContext().cancelJobGroup(jobGroup);
                } catch (RuntimeException e) {
                    LOG.debug("Spark is already stopping: {}", e.toString());
                }
                target.abort();
            }, "syncmaster-abort-staging");
            Runtime.getRuntime().addShutdownHook(abortHook);
            target.cleanUpStale(env);

            TransferStrategy.Decision decision = strategy.begin(env, source, plan.transformations());
            ReadRequest request = new ReadRequest(plan.transformations(), plan.resources().maxParallelTasks(), decision.scope());
            metrics.phase("transfer");
            Optional<FastPath> fast = fastPaths.stream()
                    .filter(path -> path.applies(env, source, target, request, decision.mode())).findFirst();
            WriteResult result;
            if (fast.isPresent()) {
                LOG.info("Using the {}", fast.get().name());
                strategy.afterRead(env);
                result = fast.get().transfer(env, source, target, request, decision.mode());
                metrics.rowsRead(result.rowsWritten());
            } else {
                Dataset<Row> data = source.read(env, request);
                strategy.afterRead(env);
                result = target.write(env, data, decision.mode());
            }
            metrics.written(result.rowsWritten(), result.bytes());
            metrics.phase("finish");
            strategy.succeeded(env, result);
            LOG.info("Transfer done: {} rows written", result.rowsWritten());
        } finally {
            removeHook(abortHook);
            spark.sparkContext().clearJobGroup();
            spark.sparkContext().removeSparkListener(listener);
            deleteQuietly(scratch);
            sparkSessions.close(spark);
            metrics.end();
        }
    }

    /** The sides' Spark settings; the same key with two values is a setup error naming the key. */
    private static Map<String, String> mergeSparkConf(ConnectorSide source, ConnectorSide target) {
        Map<String, String> merged = new LinkedHashMap<>(source.sparkConf());
        target.sparkConf().forEach((key, value) -> {
            String previous = merged.putIfAbsent(key, value);
            if (previous != null && !Objects.equals(previous, value)) {
                throw new RunFailure(FailureSide.SETUP, "source and target need different values of the Spark setting " + key);
            }
        });
        return merged;
    }

    private static Path createScratch(long runId) {
        try {
            return Files.createTempDirectory("syncmaster_" + runId + "_");
        } catch (IOException e) {
            throw new RunFailure(FailureSide.SETUP, "cannot create the run's scratch directory: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the scratch directory {}: {}", directory, e.toString());
        }
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) and drops the staging table
        }
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }
}
