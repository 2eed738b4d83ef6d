package io.syncmaster.worker.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Every write the worker makes to SyncMaster's {@code run} table: the claim at pick-up, the terminal status at the
 * end, and status polling for stop requests.
 *
 * <p>Each write is one conditional UPDATE, so concurrent workers, the SyncMaster server (stop requests) and
 * retries never overwrite each other: a CREATED run is claimed by exactly one caller, a terminal status is never
 * changed. Every UPDATE sets {@code updated_at} itself (SyncMaster maintains it in the application, not in a
 * trigger). Times come from the given {@link Clock}, in UTC with microseconds. Thread-safe.
 */
public final class RunRepository {

    /** Width of {@code run.log_url} (varchar(512)). */
    public static final int LOG_URL_MAX_LENGTH = 512;

    private static final int MAX_FINISH_ATTEMPTS = 10;

    private final DataSource dataSource;
    private final Clock clock;

    public RunRepository(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The run row, or empty if there is none. */
    public Optional<RunRow> find(long runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RunRows.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("reading run " + runId, e);
        }
    }

    /**
     * Claims a CREATED run: status STARTED, {@code started_at} = now, {@code log_url} = {@code logUrl} applied to the
     * row as it will be after the claim (status STARTED, {@code started_at} set; other columns as read), in one
     * {@code UPDATE ... WHERE id = ? AND status = 'CREATED' RETURNING ...}.
     *
     * <p>If {@code logUrl} throws, or returns more than 512 characters, the run is set FAILED with {@code ended_at}
     * (as SyncMaster's worker does when its STARTED commit fails) and {@link ClaimOutcome.Rejected} says why. A null
     * URL is stored as NULL.
     */
    public ClaimOutcome claim(long runId, Function<RunRow, String> logUrl) {
        Objects.requireNonNull(logUrl, "logUrl");
        Optional<RunRow> current = find(runId);
        if (current.isEmpty()) {
            return new ClaimOutcome.NotFound();
        }
        if (current.get().status() != RunStatus.CREATED) {
            return new ClaimOutcome.NotClaimable(current.get().status());
        }
        OffsetDateTime now = RunRows.now(clock);
        RunRow planned = current.get().withStatus(RunStatus.STARTED).withStartedAt(now);
        String url;
        try {
            url = logUrl.apply(planned);
        } catch (RuntimeException e) {
            return reject(runId, now, "log URL cannot be rendered: " + describe(e));
        }
        if (url != null) {
            int length = url.codePointCount(0, url.length());
            if (length > LOG_URL_MAX_LENGTH) {
                return reject(runId, now, "rendered log URL is " + length + " characters long; run.log_url holds at most "
                        + LOG_URL_MAX_LENGTH);
            }
        }
        String sql = "UPDATE run SET status = ?, started_at = ?, log_url = ?, updated_at = ? "
                + "WHERE id = ? AND status = ? RETURNING " + RunRows.COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RunStatus.STARTED.name());
            RunRows.bindTimestamp(ps, 2, now);
            ps.setString(3, url);
            RunRows.bindTimestamp(ps, 4, now);
            ps.setLong(5, runId);
            ps.setString(6, RunStatus.CREATED.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new ClaimOutcome.Claimed(RunRows.read(rs));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("claiming run " + runId, e);
        }
        return lostRace(runId);
    }

    /**
     * Fails a CREATED run without claiming it (CREATED → FAILED with {@code ended_at}, {@code started_at} stays
     * NULL, contract §3.2), because this worker cannot execute it: the same conditional UPDATE as the claim, so a
     * run another worker took, or one stopped meanwhile, is left alone and reported as it is.
     *
     * @return {@link ClaimOutcome.Rejected} with {@code reason} when this call failed the run, otherwise what the row is
     */
    public ClaimOutcome refuse(long runId, String reason) {
        return reject(runId, RunRows.now(clock), Objects.requireNonNull(reason, "reason"));
    }

    private ClaimOutcome reject(long runId, OffsetDateTime now, String reason) {
        String sql = "UPDATE run SET status = ?, ended_at = ?, updated_at = ? WHERE id = ? AND status = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RunStatus.FAILED.name());
            RunRows.bindTimestamp(ps, 2, now);
            RunRows.bindTimestamp(ps, 3, now);
            ps.setLong(4, runId);
            ps.setString(5, RunStatus.CREATED.name());
            if (ps.executeUpdate() == 1) {
                return new ClaimOutcome.Rejected(reason);
            }
        } catch (SQLException e) {
            throw new DatabaseException("failing run " + runId, e);
        }
        return lostRace(runId);
    }

    /** Someone else changed the row between our read and our UPDATE: report what it is now. */
    private ClaimOutcome lostRace(long runId) {
        Optional<RunRow> now = find(runId);
        return now.<ClaimOutcome>map(row -> new ClaimOutcome.NotClaimable(row.status()))
                .orElseGet(ClaimOutcome.NotFound::new);
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /**
     * Writes a terminal status (FINISHED, FAILED or STOPPED) with {@code ended_at}, if {@link RunStatus#canTransition}
     * allows it from the current status. Compare-and-set on the status read, retried if the row changes meanwhile
     * (e.g. the server sets SEND_STOP_SIGNAL). Idempotent: a second call returns {@link FinishOutcome.AlreadyFinal}.
     *
     * @throws IllegalArgumentException if {@code terminal} is not terminal
     * @throws IllegalStateException if the current status can never become {@code terminal} (e.g. CREATED →
     *                               FINISHED: a run that was never claimed cannot have succeeded)
     */
    public FinishOutcome finish(long runId, RunStatus terminal) {
        Objects.requireNonNull(terminal, "terminal");
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("finish needs FINISHED, FAILED or STOPPED, not " + terminal);
        }
        String sql = "UPDATE run SET status = ?, ended_at = ?, updated_at = ? WHERE id = ? AND status = ? RETURNING "
                + RunRows.COLUMNS;
        for (int attempt = 0; attempt < MAX_FINISH_ATTEMPTS; attempt++) {
            Optional<RunRow> current = find(runId);
            if (current.isEmpty()) {
                return new FinishOutcome.NotFound();
            }
            RunStatus status = current.get().status();
            if (status.isTerminal()) {
                return new FinishOutcome.AlreadyFinal(status);
            }
            if (!RunStatus.canTransition(status, terminal)) {
                throw new IllegalStateException("run " + runId + " is " + status + " and cannot become " + terminal);
            }
            OffsetDateTime now = RunRows.now(clock);
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, terminal.name());
                RunRows.bindTimestamp(ps, 2, now);
                RunRows.bindTimestamp(ps, 3, now);
                ps.setLong(4, runId);
                ps.setString(5, status.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new FinishOutcome.Updated(RunRows.read(rs));
                    }
                }
            } catch (SQLException e) {
                throw new DatabaseException("finishing run " + runId, e);
            }
        }
        throw new IllegalStateException("run " + runId + " kept changing status; gave up after "
                + MAX_FINISH_ATTEMPTS + " attempts");
    }

    /** Current statuses of many runs in one query (stop-signal polling); runs that no longer exist are absent. */
    public Map<Long, RunStatus> statuses(Collection<Long> runIds) {
        Map<Long, RunStatus> result = new HashMap<>();
        if (runIds.isEmpty()) {
            return result;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, status FROM run WHERE id = ANY(?)")) {
            Array ids = c.createArrayOf("bigint", runIds.toArray(new Long[0]));
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getLong(1), RunStatus.fromDatabase(rs.getString(2)));
                }
            } finally {
                ids.free();
            }
        } catch (SQLException e) {
            throw new DatabaseException("reading statuses of " + runIds.size() + " runs", e);
        }
        return result;
    }
}
