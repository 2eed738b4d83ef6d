package io.syncmaster.worker.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syncmaster.worker.config.JdbcTarget;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A small HikariCP pool on SyncMaster's PostgreSQL database.
 *
 * <p>Exists so both modules connect the same way: credentials passed as driver properties (never in the URL),
 * session time zone UTC (so naive timestamps of pre-0.2.0 schemas are read and written as UTC, like SyncMaster),
 * and a pool that opens even while the database is down: the first use then fails with a
 * {@link DatabaseException} and later uses recover, so callers can retry instead of dying at start-up.
 */
public final class SyncMasterDatabase implements AutoCloseable {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

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
        Objects.requireNonNull(target, "target");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setDataSourceProperties(target.connectionProperties());
        config.setPoolName(Objects.requireNonNull(poolName, "poolName"));
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(1, maxPoolSize));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("SET TIME ZONE 'UTC'");
        config.setAutoCommit(true);
        return new SyncMasterDatabase(new HikariDataSource(config));
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
