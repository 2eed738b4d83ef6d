package io.syncmaster.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The claim both workers make, on SyncMaster's real schema in PostgreSQL. */
class RunClaimerTest {

    private static final Instant FIRST = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final Instant SECOND = Instant.parse("2025-03-04T05:07:00.654321Z");

    private static TestPostgres postgres;
    private static SyncMasterFixtures fixtures;
    private static long transferId;

    @BeforeAll
    static void database() {
        postgres = TestPostgres.create("run_claimer");
        fixtures = new SyncMasterFixtures(postgres.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
        transferId = fixtures.placeholderTransfer();
    }

    @AfterAll
    static void drop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** An in-memory intent store that also records the order of events, to check "intent first". */
    private static final class RecordingIntents implements ClaimIntents {
        final Map<Long, Instant> intents = new HashMap<>();
        final List<String> events = new ArrayList<>();

        @Override
        public Optional<Instant> previous(long runId) {
            return Optional.ofNullable(intents.get(runId));
        }

        @Override
        public void record(long runId, Instant claimTime) {
            String row = new RunRepository(postgres.dataSource(), Clock.systemUTC()).find(runId)
                    .map(r -> r.status().toString()).orElse("absent");
            events.add("intent " + claimTime + " while the row is " + row);
            intents.put(runId, claimTime);
        }
    }

    private static RunClaimer claimerAt(Instant now) {
        return new RunClaimer(postgres.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theIntentIsRecordedBeforeTheRowIsClaimedWithThatInstant() {
        long runId = fixtures.run(transferId, "MANUAL");
        RecordingIntents intents = new RecordingIntents();
        ClaimOutcome outcome = claimerAt(FIRST).claim(runId, intents, row -> "http://logs/" + row.id());

        assertThat(intents.events).containsExactly("intent " + FIRST + " while the row is CREATED");
        assertThat(outcome).isInstanceOf(ClaimOutcome.Claimed.class);
        RunRow row = new RunRepository(postgres.dataSource(), Clock.systemUTC()).find(runId).orElseThrow();
        assertThat(row.status()).isEqualTo(RunStatus.STARTED);
        assertThat(row.startedAt().toInstant()).isEqualTo(FIRST);
        assertThat(row.logUrl()).isEqualTo("http://logs/" + runId);
        assertThat(RunClaimer.carriesClaim(row, FIRST)).isTrue();
        assertThat(RunClaimer.carriesClaim(row, SECOND)).isFalse();
    }

    @Test
    void aRetryAfterAClaimThatCommittedRecognisesItsOwnClaim() {
        long runId = fixtures.run(transferId, "MANUAL");
        RecordingIntents intents = new RecordingIntents();
        claimerAt(FIRST).claim(runId, intents, row -> "u");
        // the worker died before it noted the success: the retry must not skip a run it owns
        ClaimOutcome retry = claimerAt(SECOND).claim(runId, intents, row -> "u");

        assertThat(retry).isInstanceOfSatisfying(ClaimOutcome.Claimed.class,
                c -> assertThat(c.row().startedAt().toInstant()).isEqualTo(FIRST));
        assertThat(intents.events).hasSize(1);
    }

    @Test
    void anIntentThatNeverCommittedIsReplacedByANewClaim() {
        long runId = fixtures.run(transferId, "MANUAL");
        RecordingIntents intents = new RecordingIntents();
        intents.intents.put(runId, FIRST);
        ClaimOutcome outcome = claimerAt(SECOND).claim(runId, intents, row -> "u");

        assertThat(outcome).isInstanceOfSatisfying(ClaimOutcome.Claimed.class,
                c -> assertThat(c.row().startedAt().toInstant()).isEqualTo(SECOND));
        assertThat(intents.intents).containsEntry(runId, SECOND);
    }

    @Test
    void someoneElsesClaimIsNotOurs() {
        long runId = fixtures.run(transferId, "MANUAL");
        claimerAt(FIRST).claim(runId, new RecordingIntents(), row -> "u");
        RecordingIntents ours = new RecordingIntents();
        ours.intents.put(runId, SECOND);

        assertThat(claimerAt(SECOND).claim(runId, ours, row -> "u")).isEqualTo(new ClaimOutcome.NotClaimable(RunStatus.STARTED));
    }

    @Test
    void aRunStoppedBeforeTheClaimIsNotClaimableWithItsStatus() {
        long runId = fixtures.run(transferId, "MANUAL");
        fixtures.setRunStatus(runId, RunStatus.SEND_STOP_SIGNAL);

        assertThat(claimerAt(FIRST).claim(runId, new RecordingIntents(), row -> "u"))
                .isEqualTo(new ClaimOutcome.NotClaimable(RunStatus.SEND_STOP_SIGNAL));
        assertThat(claimerAt(FIRST).claim(999_999, new RecordingIntents(), row -> "u")).isInstanceOf(ClaimOutcome.NotFound.class);
    }
}
