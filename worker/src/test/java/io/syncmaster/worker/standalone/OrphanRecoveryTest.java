package io.syncmaster.worker.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmaster.worker.db.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that died abruptly (SIGKILL, OOM, power loss) left runs STARTED; its next start settles exactly the runs
 * that still carry its own claim, and kills a child that somehow outlived it.
 */
class OrphanRecoveryTest {

    private StandaloneTestbed bed;

    @BeforeEach
    void setUp() throws Exception {
        bed = StandaloneTestbed.create("recovery");
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void theNextStartSettlesTheRunsThatStillCarryThisWorkersClaim() throws Exception {
        Path state = bed.dir.resolve("state");
        Instant base = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MICROS);
        long interrupted = claimedRun(base);
        long stopRequested = claimedRun(base.plusMillis(1));
        long outcomeDecided = claimedRun(base.plusMillis(2));
        long someoneElses = claimedRun(base.plusMillis(3));
        long neverClaimed = bed.newRun("succeed 0");
        bed.fixtures.setRunStatus(stopRequested, RunStatus.SEND_STOP_SIGNAL);
        Process leftover = new ProcessBuilder("sleep", "300").start();

        try (RunJournal journal = RunJournal.open(state)) {
            journal.recordClaim(interrupted, base, bed.slug, "task-1");
            journal.recordProcess(interrupted, leftover.pid(), leftover.info().startInstant().orElseThrow());
            journal.recordClaim(stopRequested, base.plusMillis(1), bed.slug, "task-2");
            journal.recordClaim(outcomeDecided, base.plusMillis(2), bed.slug, "task-3");
            journal.recordOutcome(outcomeDecided, RunStatus.FINISHED);
            journal.recordClaim(someoneElses, base.plusSeconds(99), bed.slug, "task-4"); // the row has another claim
            journal.recordClaim(neverClaimed, base.plusMillis(5), bed.slug, "task-5");   // died before the UPDATE
        }

        bed.startWorker(bed.options(1), bed.fakeLauncher());

        assertThat(bed.row(interrupted).status()).isEqualTo(RunStatus.FAILED);
        assertThat(bed.row(interrupted).endedAt()).isNotNull();
        assertThat(bed.row(stopRequested).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(bed.row(outcomeDecided).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(bed.row(someoneElses).status()).isEqualTo(RunStatus.STARTED);
        assertThat(bed.row(neverClaimed).status()).isEqualTo(RunStatus.CREATED);
        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("left-over child killed").isTrue();
        assertThat(Files.list(state.resolve("runs"))).isEmpty();
        assertThat(bed.events.finished).extracting(RecordingRunListener.Finished::runId)
                .containsExactlyInAnyOrder(interrupted, stopRequested, outcomeDecided);
    }

    @Test
    void twoWorkersCannotShareAStateDirectory() throws Exception {
        try (RunJournal first = RunJournal.open(bed.dir.resolve("shared"))) {
            assertThat(first.entries()).isEmpty();
            // FileChannel locks are per JVM: a second open from this JVM fails the same way another process would
            assertThatThrownBy(() -> RunJournal.open(bed.dir.resolve("shared")))
                    .hasMessageContaining("in use by another syncmaster-worker");
        }
    }

    /** A run STARTED with {@code started_at = claimTime}, as this worker's claim writes it. */
    private long claimedRun(Instant claimTime) throws Exception {
        long runId = bed.newRun("succeed 0");
        bed.fixtures.execute("UPDATE run SET status = 'STARTED', started_at = ?, log_url = '' WHERE id = ?",
                OffsetDateTime.ofInstant(claimTime, ZoneOffset.UTC), runId);
        return runId;
    }
}
