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
            session = SparkSession.builder().master("local[2]").appName("job-runner-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }

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
