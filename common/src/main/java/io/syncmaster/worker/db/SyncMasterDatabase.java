package io.syncmaster.worker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syncmaster.worker.config.JdbcTarget;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A small HikariCP pool on SyncMaster's PostgreSQL database.
 *
 * <p>Exists so both modules connect the same way: credentials passed as driver properties (never in the URL),
 * session time zone UTC (so naive timestamps of pre-0.2.0 schemas are read and written as UTC, like SyncMaster),
 * connect, login, read and statement timeouts with TCP keep-alive ({@link Timeouts}),
 * and a pool that opens even while the database is down: the first use then fails with a
 * {@link DatabaseException} and later uses recover, so callers can retry instead of dying at start-up.
 */
public final class SyncMasterDatabase implements AutoCloseable {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long one database operation may take before the worker gives up on it: a half-open TCP connection (a
     * failover, a dropped NAT entry) or a locked row must never block a reconciler thread or a final-status write
     * forever; the caller's retry then runs on a fresh connection.
     *
     * @param connect   TCP connect (PgJDBC {@code connectTimeout})
     * @param login     connect plus authentication (PgJDBC {@code loginTimeout})
     * @param socket    any single read from the server (PgJDBC {@code socketTimeout}); longer than {@code statement}
     * @param statement server-side {@code statement_timeout} of every statement
     */
    public record Timeouts(Duration connect, Duration login, Duration socket, Duration statement) {
        /** 10 s to connect, 15 s to log in, 60 s per read, 30 s per statement (every worker query is a point query). */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(15),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    private final HikariDataSource dataSource;

    private SyncMasterDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool (lazily: no connection is required to succeed here).
     *
     * @param poolName    shown in HikariCP logs and metrics, e.g. {@code syncmaster-operator}
     * @param maxPoolSize at least 1
     */
    public static SyncMasterDatabase open(JdbcTarget target, String poolName, int maxPoolSize) {
        return open(target, poolName, maxPoolSize, CONNECTION_TIMEOUT);
    }

    /**
     * As {@link #open(JdbcTarget, String, int)}, with how long a caller waits for a connection before getting a
     * {@link java.sql.SQLException} (at least 250 ms; 10 s by default).
     */
    public static SyncMasterDatabase open(JdbcTarget target, String poolName, int maxPoolSize,
                                          Duration connectionTimeout) {
        return open(target, poolName, maxPoolSize, connectionTimeout, Timeouts.DEFAULT);
    }

    /**
     * As {@link #open(JdbcTarget, String, int, Duration)}, with explicit {@link Timeouts}. Timeouts given in the
     * database URL's query string ({@code connect_timeout}) win over these.
     */
    public static SyncMasterDatabase open(JdbcTarget target, String poolName, int maxPoolSize,
                                          Duration connectionTimeout, Timeouts timeouts) {
        Objects.requireNonNull(target, "target");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", seconds(timeouts.connect()));
        properties.setProperty("loginTimeout", seconds(timeouts.login()));
        properties.setProperty("socketTimeout", seconds(timeouts.socket()));
        // Keep-alive probes detect a peer that vanished without closing the connection.
        properties.setProperty("tcpKeepAlive", "true");
        properties.putAll(target.connectionProperties());
        config.setDataSourceProperties(properties);
        config.setPoolName(Objects.requireNonNull(poolName, "poolName"));
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(1, maxPoolSize));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("SET TIME ZONE 'UTC'; SET statement_timeout = " + timeouts.statement().toMillis());
        config.setAutoCommit(true);
        return new SyncMasterDatabase(new HikariDataSource(config));
    }

    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, duration.toSeconds()));
    }

    /** The pooled data source for {@link RunRepository} and {@link TransferRepository}. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "SyncMasterDatabase[pool=" + dataSource.getPoolName() + "]";
    }
}
