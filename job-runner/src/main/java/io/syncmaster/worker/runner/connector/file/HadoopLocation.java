package io.syncmaster.worker.runner.connector.file;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A file system Spark reads and writes itself, on the driver and on executors (s3a, hdfs): its root URI and the
 * Hadoop settings that reach it. The settings are put on the session's Hadoop configuration at run time, as
 * upstream does, not into the Spark configuration: Spark on Kubernetes copies its configuration into pod specs and
 * ConfigMaps, where credentials must never appear.
 */
public interface HadoopLocation {
    /** The connection type, for messages: {@code s3}, {@code hdfs}. */
    String type();

    /** The URI prefix of every path, without a trailing '/': {@code s3a://bucket}, {@code hdfs://nameservice}. */
    String root();

    /** Hadoop configuration entries (may hold secrets), given the session's {@code current} configuration. */
    Map<String, String> hadoopSettings(String clientInfo, Configuration current);

    /** Values of {@link #hadoopSettings} that are secrets, for the redactor. */
    Set<String> secrets();

    /** A secret-free description, e.g. {@code s3 https://s3.example.com:443 bucket data}. */
    String describe();

    /**
     * Applies the settings to the session's Hadoop configuration and drops a cached FileSystem of {@link #root}, which
     * would still carry older settings (upstream closes it too). Returns the configuration to use.
     */
    default Configuration configure(RunEnvironment env, FailureSide side) {
        secrets().forEach(env.redactor()::register);
        SparkSession spark = env.spark();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        hadoopSettings(env.clientInfo(), conf).forEach(conf::set);
        try {
            FileSystem.get(URI.create(root() + "/"), conf).close();
        } catch (IOException | RuntimeException e) {
            throw RunFailure.wrap(side, "cannot set up the " + type() + " file system " + describe(), e);
        }
        return spark.sessionState().newHadoopConf();
    }
}
