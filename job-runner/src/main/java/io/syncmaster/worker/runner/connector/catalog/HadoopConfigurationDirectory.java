package io.syncmaster.worker.runner.connector.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop and Hive client settings of the run pod: the {@code core-site.xml}, {@code hdfs-site.xml} and
 * {@code hive-site.xml} found in {@code $HADOOP_CONF_DIR} and {@code $HIVE_CONF_DIR} (upstream reads the same files
 * from the worker's environment). The run template mounts them from a ConfigMap and sets the variables (see
 * docs/connectors-catalogs.md). They reach the Spark session as {@code spark.hadoop.*} settings, which is how Spark
 * passes them to the Hive metastore client and to HDFS, whatever the job-runner's class path is.
 */
public final class HadoopConfigurationDirectory {
    static final List<String> FILES = List.of("core-site.xml", "hdfs-site.xml", "hive-site.xml");

    private final Map<String, String> settings;

    private HadoopConfigurationDirectory(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** From the environment variables (the system properties {@code syncmaster.hadoop.conf.dir} etc. win, for tests). */
    public static HadoopConfigurationDirectory fromEnvironment() {
        return of(directory("HADOOP_CONF_DIR", "syncmaster.hadoop.conf.dir"), directory("HIVE_CONF_DIR", "syncmaster.hive.conf.dir"));
    }

    static HadoopConfigurationDirectory of(Optional<Path> hadoopDir, Optional<Path> hiveDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Optional<Path> dir : List.of(hadoopDir, hiveDir)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : FILES) {
                Path file = dir.get().resolve(name);
                if (Files.isRegularFile(file)) {
                    Configuration conf = new Configuration(false);
                    conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
                    conf.forEach(entry -> settings.put(entry.getKey(), entry.getValue()));
                }
            }
        }
        return new HadoopConfigurationDirectory(settings);
    }

    private static Optional<Path> directory(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** Every setting, by its Hadoop key. */
    public Map<String, String> settings() {
        return settings;
    }

    /** Every setting, as {@code spark.hadoop.<key>}. */
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        settings.forEach((key, value) -> conf.put("spark.hadoop." + key, value));
        return conf;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** True when the cluster wants Kerberos ({@code hadoop.security.authentication=kerberos}). */
    public boolean kerberos() {
        return get("hadoop.security.authentication").map(v -> v.trim().equalsIgnoreCase("kerberos")).orElse(false);
    }
}
