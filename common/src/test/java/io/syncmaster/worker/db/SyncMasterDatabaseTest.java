package io.syncmaster.worker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmaster.worker.config.JdbcTarget;
import io.syncmaster.worker.testing.TestPostgres;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** No database operation of the worker can hang forever: real PostgreSQL, and a server that never answers. */
class SyncMasterDatabaseTest {
    private static final SyncMasterDatabase.Timeouts SHORT = new SyncMasterDatabase.Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1));

    @Test
    void aConnectionAttemptToAServerThatNeverAnswersGivesUpAfterTheLoginTimeout() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(blackHole.accept()); // never reads nor writes
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            JdbcTarget target = JdbcTarget.fromSqlAlchemyUrl("postgresql://u:p@127.0.0.1:" + blackHole.getLocalPort() + "/db");
            long start = System.nanoTime();
            try (SyncMasterDatabase db = SyncMasterDatabase.open(target, "black-hole", 1, Duration.ofSeconds(7), SHORT);
                 Connection ignored = db.dataSource().getConnection()) {
                throw new AssertionError("connected to a server that never answers");
            } catch (SQLException expected) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
            }
            // Without a login timeout the first attempt would hang on its socket forever; with it, the pool gives
            // up on each silent socket after 2 s and tries a fresh one.
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void everyStatementHasAServerSideTimeoutAndTcpKeepAliveIsOn() throws Exception {
        try (TestPostgres postgres = TestPostgres.create("db_timeouts");
             SyncMasterDatabase db = SyncMasterDatabase.open(postgres.jdbc(), "timeouts", 1, Duration.ofSeconds(10), SHORT);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1s");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(10)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("statement timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            try (var rs = s.executeQuery("SHOW TIME ZONE")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("UTC");
            }
        }
    }
}
