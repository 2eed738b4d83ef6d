package io.syncmaster.worker.operator.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Whether SyncMaster's database answers ({@code SELECT 1} through the pool), cached briefly so frequent probes do
 * not load the database.
 */
public final class DatabaseHealthCheck implements HealthCheck {
    private static final Duration CACHE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Clock clock;
    private volatile Result last;
    private volatile Instant lastAt = Instant.EPOCH;

    public DatabaseHealthCheck(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Result check() {
        Instant now = clock.instant();
        if (last != null && Duration.between(lastAt, now).compareTo(CACHE) < 0) {
            return last;
        }
        Result result;
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("SELECT 1");
            result = Result.ok("database reachable");
        } catch (SQLException | RuntimeException e) {
            result = Result.failing("database unreachable: " + e.getClass().getSimpleName());
        }
        last = result;
        lastAt = now;
        return result;
    }
}
