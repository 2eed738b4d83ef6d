package io.syncmaster.worker.runner.connector;

import java.util.Map;

/**
 * What a validated source or target does before data moves, in the order the controller calls it:
 * {@link #sparkConf()} and {@link #beforeSession()} before the Spark session exists, {@link #check} right after it
 * started (source first, then target, as upstream).
 */
public interface ConnectorSide {
    /**
     * Spark settings this side needs in the session it runs in, applied before the session starts: a Hive or Iceberg
     * catalog ({@code spark.sql.catalog.<name>.*}), s3a settings ({@code spark.hadoop.fs.s3a.bucket.<b>.*}). Values
     * may be secrets (the controller logs the configuration only through the redactor). When both sides set the same
     * key to different values, the run fails as a setup error.
     */
    default Map<String, String> sparkConf() {
        return Map.of();
    }

    /** Work that must precede the Spark session, e.g. a Kerberos login. No data moves. */
    default void beforeSession() {
    }

    /**
     * The connection check (upstream runs a probe query on every connection): connect, and for a source that its
     * table or directory exists, for a target that its schema or directory does. Fails with a RunFailure of this side
     * whose message names the problem and holds no secret. The target must be left untouched.
     */
    void check(RunEnvironment env);

    /** A secret-free one-line description for the log, e.g. {@code postgres 10.0.0.5:5432/app table public.orders}. */
    String describe();
}
