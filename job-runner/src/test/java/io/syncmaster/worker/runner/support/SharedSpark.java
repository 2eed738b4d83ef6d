package io.syncmaster.worker.runner.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.syncmaster.worker.runner.spark.SparkSessionProvider;

/**
 * One local SparkSession for the whole test JVM (starting Spark costs seconds). Runs get it through a
 * {@link SparkSessionProvider} that records the configuration each run asked for and never stops the session.
 */
public final class SharedSpark implements SparkSessionProvider {
    private static SparkSession session;

    private final List<Map<String, String>> requested = new ArrayList<>();

    public static synchronized SparkSession session() {
        if (session == null) {
            SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("job-runner-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2");
            if (Boolean.getBoolean(HIVE_PROPERTY)) {
                builder = withHiveCatalog(builder);
            }
            session = builder.getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }

    /**
     * A Hive catalog on an embedded Derby metastore and a warehouse in a fresh directory under target/ (Derby allows
     * one JVM per database directory; the hive-tests surefire execution sets {@value #HIVE_PROPERTY}).
     */
    private static SparkSession.Builder withHiveCatalog(SparkSession.Builder builder) {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "hive-" + java.util.UUID.randomUUID()).toAbsolutePath();
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        return builder.enableHiveSupport()
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
                .config("spark.hadoop.hive.metastore.schema.verification", "false")
                .config("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
    }

    /** Test JVMs with this system property set to true get a Hive-enabled session. */
    public static final String HIVE_PROPERTY = "syncmaster.test.spark.hive";

    /** The configurations runs asked for, in order. */
    public List<Map<String, String>> requested() {
        return requested;
    }

    @Override
    public SparkSession open(Map<String, String> conf) {
        requested.add(conf);
        return session();
    }

    @Override
    public void close(SparkSession spark) {
        // shared: stopped at JVM exit
    }
}
