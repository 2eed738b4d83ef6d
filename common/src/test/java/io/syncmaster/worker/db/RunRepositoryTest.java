package io.syncmaster.worker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.template.LogUrlTemplate;
import io.syncmaster.worker.template.TemplateException;
import io.syncmaster.worker.testing.QueueRef;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunRepositoryTest {

    /** 2025-01-02 03:04:05.123456789 UTC: nanoseconds must be cut to microseconds, as Python writes them. */
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.123456789Z");
    private static final OffsetDateTime NOW_MICROS = OffsetDateTime.parse("2025-01-02T03:04:05.123456Z");

    private static TestPostgres postgres;
    private static SyncMasterFixtures fixtures;
    private static long transferId;
    private static RunRepository runs;

    @BeforeAll
    static void database() {
        postgres = TestPostgres.create("run_repository");
        fixtures = new SyncMasterFixtures(postgres.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        transferId = fixtures.placeholderTransfer();
        runs = new RunRepository(postgres.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void drop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static long newRun() {
        return fixtures.run(transferId, "MANUAL");
    }

    @Test
    void claimsACreatedRunWithTheRenderedLogUrl() {
        long id = newRun();
        RunRow before = runs.find(id).orElseThrow();
        assertThat(before.status()).isEqualTo(RunStatus.CREATED);
        assertThat(before.type()).isEqualTo("MANUAL");

        AtomicReference<RunRow> seen = new AtomicReference<>();
        LogUrlTemplate template = new LogUrlTemplate("https://logs/?run={{ run.id }}&status={{ run.status }}"
                + "&started={{ run.started_at }}&ended={{ run.ended_at }}&cid={{ correlation_id }}");
        ClaimOutcome outcome = runs.claim(id, row -> {
            seen.set(row);
            return template.render(row, "abc", Map.of());
        });

        assertThat(seen.get().status()).isEqualTo(RunStatus.STARTED);
        assertThat(seen.get().startedAt()).isEqualTo(NOW_MICROS);
        assertThat(seen.get().updatedAt()).isEqualTo(before.updatedAt()); // as the ORM object before the commit
        assertThat(outcome).isInstanceOf(ClaimOutcome.Claimed.class);
        RunRow claimed = ((ClaimOutcome.Claimed) outcome).row();
        assertThat(claimed.status()).isEqualTo(RunStatus.STARTED);
        assertThat(claimed.startedAt()).isEqualTo(NOW_MICROS);
        assertThat(claimed.updatedAt()).isEqualTo(NOW_MICROS);
        assertThat(claimed.endedAt()).isNull();
        assertThat(claimed.createdAt()).isEqualTo(before.createdAt());
        assertThat(claimed.logUrl()).isEqualTo("https://logs/?run=" + id
                + "&status=STARTED&started=2025-01-02 03:04:05.123456+00:00&ended=None&cid=abc");
        assertThat(runs.find(id)).contains(claimed);
        assertThat(rawColumn(id, "status")).isEqualTo("STARTED");
    }

    @Test
    void anEmptyTemplateStoresAnEmptyStringNotNull() {
        long id = newRun();
        LogUrlTemplate empty = new LogUrlTemplate("");
        assertThat(runs.claim(id, row -> empty.render(row, "c", Map.of()))).isInstanceOf(ClaimOutcome.Claimed.class);
        assertThat(rawColumn(id, "log_url")).isEmpty();
    }

    @Test
    void onlyCreatedRunsCanBeClaimed() {
        long started = newRun();
        runs.claim(started, row -> "first");
        RunRow afterFirst = runs.find(started).orElseThrow();
        assertThat(runs.claim(started, row -> "second")).isEqualTo(new ClaimOutcome.NotClaimable(RunStatus.STARTED));
        assertThat(runs.find(started)).contains(afterFirst);

        long stopped = newRun();
        fixtures.setRunStatus(stopped, RunStatus.SEND_STOP_SIGNAL);
        assertThat(runs.claim(stopped, row -> "x"))
                .isEqualTo(new ClaimOutcome.NotClaimable(RunStatus.SEND_STOP_SIGNAL));
        assertThat(runs.find(stopped).orElseThrow().status()).isEqualTo(RunStatus.SEND_STOP_SIGNAL);

        assertThat(runs.claim(Long.MAX_VALUE, row -> "x")).isEqualTo(new ClaimOutcome.NotFound());
    }

    @Test
    void aRunThisWorkerCannotExecuteIsRefusedCreatedToFailedWithoutStartedAt() {
        long created = newRun();
        assertThat(runs.refuse(created, "source connection 1: connection type 's3' is not supported"))
                .isEqualTo(new ClaimOutcome.Rejected("source connection 1: connection type 's3' is not supported"));
        RunRow row = runs.find(created).orElseThrow();
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.startedAt()).isNull();
        assertThat(row.logUrl()).isNull();
        assertThat(row.endedAt()).isEqualTo(NOW_MICROS);

        long stopped = newRun();
        fixtures.setRunStatus(stopped, RunStatus.SEND_STOP_SIGNAL);
        assertThat(runs.refuse(stopped, "x")).isEqualTo(new ClaimOutcome.NotClaimable(RunStatus.SEND_STOP_SIGNAL));
        assertThat(runs.find(stopped).orElseThrow().status()).isEqualTo(RunStatus.SEND_STOP_SIGNAL);
        assertThat(runs.refuse(Long.MAX_VALUE, "x")).isEqualTo(new ClaimOutcome.NotFound());
    }

    @Test
    void aLogUrlLongerThan512CharactersFailsTheRunLikeUpstream() {
        long exact = newRun();
        String url512 = "\u00e9".repeat(512); // varchar counts characters, not bytes
        assertThat(runs.claim(exact, row -> url512)).isInstanceOf(ClaimOutcome.Claimed.class);
        assertThat(rawColumn(exact, "log_url")).isEqualTo(url512);

        long tooLong = newRun();
        ClaimOutcome outcome = runs.claim(tooLong, row -> "x".repeat(513));
        assertThat(outcome).isInstanceOf(ClaimOutcome.Rejected.class);
        assertThat(((ClaimOutcome.Rejected) outcome).reason()).contains("513").contains("512");
        RunRow failed = runs.find(tooLong).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.endedAt()).isEqualTo(NOW_MICROS);
        assertThat(failed.updatedAt()).isEqualTo(NOW_MICROS);
        assertThat(failed.startedAt()).isNull();
        assertThat(failed.logUrl()).isNull();
    }

    @Test
    void aTemplateErrorFailsTheRunWithTheReason() {
        long id = newRun();
        ClaimOutcome outcome = runs.claim(id, row -> {
            throw new TemplateException("log URL template cannot be rendered: boom");
        });
        assertThat(outcome).isEqualTo(new ClaimOutcome.Rejected(
                "log URL cannot be rendered: log URL template cannot be rendered: boom"));
        assertThat(runs.find(id).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        // a run that is not CREATED is never failed by a broken template
        assertThat(runs.claim(id, row -> {
            throw new IllegalStateException();
        })).isEqualTo(new ClaimOutcome.NotClaimable(RunStatus.FAILED));
    }

    @Test
    void concurrentClaimsHaveExactlyOneWinner() throws Exception {
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                long id = newRun();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ClaimOutcome>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int worker = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        return runs.claim(id, row -> "worker-" + worker);
                    }));
                }
                start.countDown();
                List<ClaimOutcome> outcomes = new ArrayList<>();
                for (Future<ClaimOutcome> f : results) {
                    outcomes.add(f.get());
                }
                List<ClaimOutcome> winners = outcomes.stream().filter(o -> o instanceof ClaimOutcome.Claimed).toList();
                assertThat(winners).as("round %d: %s", round, outcomes).hasSize(1);
                assertThat(outcomes).filteredOn(o -> !(o instanceof ClaimOutcome.Claimed))
                        .allMatch(o -> o.equals(new ClaimOutcome.NotClaimable(RunStatus.STARTED)));
                assertThat(rawColumn(id, "log_url")).isEqualTo(((ClaimOutcome.Claimed) winners.get(0)).row().logUrl());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void finishIsIdempotentAndMonotonic() {
        long id = newRun();
        runs.claim(id, row -> "u");
        RunRepository later = new RunRepository(postgres.dataSource(),
                Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        FinishOutcome first = later.finish(id, RunStatus.FINISHED);
        assertThat(first).isInstanceOf(FinishOutcome.Updated.class);
        RunRow finished = ((FinishOutcome.Updated) first).row();
        assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.endedAt()).isEqualTo(NOW_MICROS.plusSeconds(60));
        assertThat(finished.updatedAt()).isEqualTo(NOW_MICROS.plusSeconds(60));
        assertThat(finished.startedAt()).isEqualTo(NOW_MICROS);
        assertThat(finished.logUrl()).isEqualTo("u");

        assertThat(runs.finish(id, RunStatus.FINISHED)).isEqualTo(new FinishOutcome.AlreadyFinal(RunStatus.FINISHED));
        assertThat(runs.finish(id, RunStatus.FAILED)).isEqualTo(new FinishOutcome.AlreadyFinal(RunStatus.FINISHED));
        assertThat(runs.finish(id, RunStatus.STOPPED)).isEqualTo(new FinishOutcome.AlreadyFinal(RunStatus.FINISHED));
        assertThat(runs.find(id)).contains(finished);
    }

    @Test
    void finishFollowsTheTransitionTable() {
        long stopRequested = newRun();
        runs.claim(stopRequested, row -> "u");
        fixtures.setRunStatus(stopRequested, RunStatus.SEND_STOP_SIGNAL);
        assertThat(((FinishOutcome.Updated) runs.finish(stopRequested, RunStatus.STOPPED)).row().status())
                .isEqualTo(RunStatus.STOPPED);

        long stopBeforeClaim = newRun();
        RunRow stopped = ((FinishOutcome.Updated) runs.finish(stopBeforeClaim, RunStatus.STOPPED)).row();
        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stopped.startedAt()).isNull();
        assertThat(stopped.endedAt()).isEqualTo(NOW_MICROS);

        long running = newRun();
        runs.claim(running, row -> "u");
        fixtures.setRunStatus(running, RunStatus.SEND_STOP_SIGNAL);
        assertThat(((FinishOutcome.Updated) runs.finish(running, RunStatus.FAILED)).row().status())
                .isEqualTo(RunStatus.FAILED);

        long neverClaimed = newRun();
        assertThatThrownBy(() -> runs.finish(neverClaimed, RunStatus.FINISHED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("run " + neverClaimed + " is CREATED and cannot become FINISHED");
        assertThat(runs.find(neverClaimed).orElseThrow().status()).isEqualTo(RunStatus.CREATED);

        assertThatThrownBy(() -> runs.finish(neverClaimed, RunStatus.STARTED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(runs.finish(Long.MAX_VALUE, RunStatus.FAILED)).isEqualTo(new FinishOutcome.NotFound());
    }

    @Test
    void statusesAreReadInOneQuery() {
        long a = newRun();
        long b = newRun();
        runs.claim(b, row -> "u");
        assertThat(runs.statuses(List.of(a, b, Long.MAX_VALUE)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(a, RunStatus.CREATED, b, RunStatus.STARTED));
        assertThat(runs.statuses(List.of())).isEmpty();
    }

    @Test
    void naiveTimestampsOfPre020SchemasAreReadAndWrittenAsUtc() {
        try (TestPostgres old = TestPostgres.create("run_repository_old_schema")) {
            SyncMasterFixtures f = new SyncMasterFixtures(old.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
            long user = f.user("bob");
            long group = f.group("g", user);
            QueueRef queue = f.queue(group, "q");
            long c = f.connection(group, "postgres", "c", Map.of(), Map.of("type", "basic"));
            long transfer = f.transfer(TransferSpec.builder(group, queue.id(), c, c)
                    .sourceParams(Map.of("type", "postgres")).targetParams(Map.of("type", "postgres")).build());
            for (String column : List.of("started_at", "ended_at", "created_at", "updated_at")) {
                f.execute("ALTER TABLE run ALTER COLUMN " + column + " TYPE timestamp without time zone USING "
                        + column + " AT TIME ZONE 'UTC'");
            }
            long id = f.run(transfer, "SCHEDULED");
            try (SyncMasterDatabase db =
                         SyncMasterDatabase.open(old.jdbc(), "old-schema", 2)) {
                RunRepository repo = new RunRepository(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
                RunRow claimed = ((ClaimOutcome.Claimed) repo.claim(id, row -> "u")).row();
                assertThat(claimed.startedAt()).isEqualTo(NOW_MICROS);
                assertThat(claimed.type()).isEqualTo("SCHEDULED");
                try (Connection conn = old.dataSource().getConnection();
                     PreparedStatement ps = conn.prepareStatement("SELECT started_at::text FROM run WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("2025-01-02 03:04:05.123456");
                    }
                }
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String rawColumn(long runId, String column) {
        try (Connection c = postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
