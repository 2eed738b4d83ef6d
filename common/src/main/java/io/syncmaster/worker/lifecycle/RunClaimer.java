package io.syncmaster.worker.lifecycle;

import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a run row for one worker, crash-safe: an earlier attempt whose UPDATE committed (the row is STARTED with
 * the {@code started_at} that attempt recorded) is our own claim; otherwise the new claim time is recorded first,
 * then the row is claimed with the shared conditional UPDATE ({@link RunRepository#claim}). Database errors
 * propagate: the caller retries, and the recorded intent lets the retry recognise a claim that did commit.
 */
public final class RunClaimer {

    private static final Logger LOG = LoggerFactory.getLogger(RunClaimer.class);

    private final DataSource dataSource;
    private final Clock clock;

    public RunClaimer(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * @param runId   the run to claim
     * @param intents where this worker records its claim intents
     * @param logUrl  renders {@code log_url} from the row as it will be once claimed
     */
    public ClaimOutcome claim(long runId, ClaimIntents intents, Function<RunRow, String> logUrl) {
        Optional<Instant> previous = intents.previous(runId);
        if (previous.isPresent()) {
            Optional<RunRow> row = new RunRepository(dataSource, clock).find(runId);
            if (row.isPresent() && row.get().status() == RunStatus.STARTED && carriesClaim(row.get(), previous.get())) {
                LOG.info("Run {} is already STARTED by this worker's earlier claim; resuming it", runId);
                return new ClaimOutcome.Claimed(row.get());
            }
        }
        Instant claimTime = clock.instant().truncatedTo(ChronoUnit.MICROS);
        intents.record(runId, claimTime);
        return new RunRepository(dataSource, Clock.fixed(claimTime, ZoneOffset.UTC)).claim(runId, logUrl);
    }

    /** True if {@code row} holds the claim made at {@code claimTime} (its {@code started_at}, to the microsecond). */
    public static boolean carriesClaim(RunRow row, Instant claimTime) {
        return row.startedAt() != null
                && row.startedAt().toInstant().truncatedTo(ChronoUnit.MICROS).equals(claimTime.truncatedTo(ChronoUnit.MICROS));
    }
}
