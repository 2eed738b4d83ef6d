package io.syncmaster.worker.runner.spark;

import java.util.Map;

import org.apache.spark.sql.SparkSession;

/**
 * Where a run gets its SparkSession. Production builds one per run and stops it at the end; tests share one
 * session per test class because starting Spark costs seconds.
 */
public interface SparkSessionProvider {
    SparkSession open(Map<String, String> conf);

    void close(SparkSession session);

    /** Builds the session from the computed configuration and stops it when the run ends. */
    static SparkSessionProvider perRun() {
        return new SparkSessionProvider() {
            @Override
            public SparkSession open(Map<String, String> conf) {
                SparkSession.Builder builder = SparkSession.builder();
                conf.forEach(builder::config);
                return builder.getOrCreate();
            }

            @Override
            public void close(SparkSession session) {
                session.stop();
            }
        };
    }
}
