package io.syncmaster.worker.runner.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.transfer.Resources;

/**
 * Computes a run's Spark configuration (transfer-semantics §3.4 and §5.6) in layers, later wins:
 * <ol>
 *   <li>the runner's own defaults (no UI, loopback driver in local mode, PostgreSQL timestamps created as
 *       {@code TIMESTAMP} like Spark 3.5 did),</li>
 *   <li>{@code worker.spark_session_default_config},</li>
 *   <li>{@code --conf} entries given on the command line (the queue's sparkConf, passed by the operator),</li>
 *   <li>the keys computed from the transfer's resources.</li>
 * </ol>
 * One fix over upstream (§8 quirk 13): with no {@code spark.master} configured the run uses
 * {@code local[max_parallel_tasks]}, so resources are applied. Nothing is resolved from a package repository:
 * {@code spark.jars.packages} and friends are dropped, every driver ships on the classpath.
 */
public final class SparkConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SparkConfiguration.class);

    /** Keys that would make Spark download jars when the session starts. */
    static final List<String> DOWNLOADING_KEYS = List.of("spark.jars.packages", "spark.jars.excludes", "spark.jars.repositories",
            "spark.jars.ivy", "spark.jars.ivySettings");

    /** See {@link #compute}: upstream's PostgreSQL timestamp column type. */
    public static final String LEGACY_POSTGRES_DATETIME_MAPPING = "spark.sql.legacy.postgres.datetimeMapping.enabled";

    private SparkConfiguration() {
    }

    public static Map<String, String> compute(Map<String, String> workerDefaults, Map<String, String> commandLine,
            Resources resources, String appName, String hostname) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.ui.showConsoleProgress", "false");
        // Spark 4 creates PostgreSQL TimestampType columns as TIMESTAMP WITH TIME ZONE; SyncMaster's Spark 3.5
        // created TIMESTAMP (without time zone). Keep the upstream target schema unless configured otherwise.
        conf.put(LEGACY_POSTGRES_DATETIME_MAPPING, "true");
        conf.putAll(workerDefaults);
        conf.putAll(commandLine);
        for (String key : DOWNLOADING_KEYS) {
            if (conf.remove(key) != null) {
                LOG.warn("Ignoring Spark setting {}: every driver and format ships with the job-runner, nothing is downloaded", key);
            }
        }
        conf.put("spark.app.name", appName);
        conf.put("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        String master = conf.get("spark.master");
        int tasks = resources.maxParallelTasks();
        int cores = resources.cpuCoresPerTask();
        if (master == null || master.startsWith("local")) {
            conf.put("spark.master", "local[" + tasks + "]");
            conf.put("spark.driver.memory", resources.memoryMegabytes() + "M");
            conf.putIfAbsent("spark.driver.host", "127.0.0.1");
            conf.putIfAbsent("spark.driver.bindAddress", "127.0.0.1");
        } else {
            conf.put("spark.executor.memory", resources.memoryMegabytes() + "M");
            conf.put("spark.executor.instances", Integer.toString(tasks));
        }
        conf.put("spark.executor.cores", Integer.toString(cores));
        conf.put("spark.default.parallelism", Integer.toString(tasks * cores));
        conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(tasks));
        conf.put("spark.kubernetes.executor.limit.cores", Integer.toString(cores));
        if (hostname != null && !hostname.isBlank()) {
            conf.put("spark.kubernetes.driver.pod.name", hostname);
        }
        return conf;
    }
}
