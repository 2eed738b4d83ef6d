package io.syncmaster.worker.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.testing.TransferSpec;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The standalone worker against the real PostgreSQL and RabbitMQ, with a fake job-runner (a tiny JVM started by the
 * production launcher, watchdog agent included) so slots, stop requests and shutdown are checked in seconds. The real
 * job-runner runs in {@code e2e/StandaloneWorkerE2ETest}.
 */
class StandaloneWorkerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StandaloneTestbed bed;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        bed = StandaloneTestbed.create(info.getTestMethod().orElseThrow().getName().toLowerCase());
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void runsEachMessageInItsOwnChildWithAtMostConcurrencyAtOnce() throws Exception {
        List<Long> runs = List.of(bed.newRun("succeed 1500"), bed.newRun("succeed 1500"), bed.newRun("succeed 1500"));
        bed.startWorker(bed.options(2), bed.fakeLauncher());
        for (long runId : runs) {
            bed.publish(runId);
        }
        for (long runId : runs) {
            assertThat(bed.events.awaitFinished(runId, TIMEOUT).status()).isEqualTo(RunStatus.FINISHED);
            RunRow row = bed.row(runId);
            assertThat(row.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(row.startedAt()).isNotNull();
            assertThat(row.endedAt()).isAfterOrEqualTo(row.startedAt());
            assertThat(row.logUrl()).isEqualTo("https://logs.example.com/runs/" + runId + "?correlation_id=corr-" + runId);
            // the child gets its own run in a 0600 file, and neither the database URL, the Fernet key nor the broker
            assertThat(bed.childEnv(runId)).contains("database_url=false", "secret_key=false", "broker_url=false",
                    "run_spec=rw-------", "run_spec_of_this_run=true");
        }
        assertThat(bed.events.maxExecuting()).isEqualTo(2);
        assertThat(bed.readyMessages()).isZero();
        assertThat(Files.list(bed.dir.resolve("state").resolve("runs"))).isEmpty();
        assertThat(Files.list(bed.dir.resolve("state").resolve("run-specs"))).as("run specs live while their run does").isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bed.dir.resolve("state").resolve("run-specs"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aFailingChildMakesTheRunFailedWithItsTerminationMessage() throws Exception {
        long runId = bed.newRun("fail 100 source table public.missing does not exist");
        bed.startWorker(bed.options(1), bed.fakeLauncher());
        bed.publish(runId);

        RecordingRunListener.Finished finished = bed.events.awaitFinished(runId, TIMEOUT);
        assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
        assertThat(finished.detail()).isEqualTo("source table public.missing does not exist");
        assertThat(bed.row(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(bed.row(runId).endedAt()).isNotNull();
    }

    @Test
    void aStopRequestKillsTheChildAndMarksTheRunStoppedWithinTenSeconds() throws Exception {
        long runId = bed.newRun("hang-ignoring-sigterm");
        bed.startWorker(bed.options(1), bed.fakeLauncher());
        bed.publish(runId);
        bed.events.awaitStarted(runId, TIMEOUT);
        awaitChild(runId);
        long pid = bed.childPid(runId);

        Instant requested = Instant.now();
        bed.fixtures.setRunStatus(runId, RunStatus.SEND_STOP_SIGNAL);
        RecordingRunListener.Finished finished = bed.events.awaitFinished(runId, TIMEOUT);

        assertThat(finished.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(Duration.between(requested, finished.at())).isLessThan(Duration.ofSeconds(10));
        assertThat(bed.row(runId).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(bed.row(runId).endedAt()).isNotNull();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    @Test
    void aRunStoppedBeforeItsMessageArrivesBecomesStoppedWithoutAChild() throws Exception {
        long runId = bed.newRun("succeed 0");
        bed.fixtures.setRunStatus(runId, RunStatus.SEND_STOP_SIGNAL);
        bed.startWorker(bed.options(1), bed.fakeLauncher());
        bed.publish(runId);

        assertThat(bed.events.awaitFinished(runId, TIMEOUT).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(bed.row(runId).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(bed.childStarted(runId)).isFalse();
    }

    @Test
    void aRunThisWorkerCannotExecuteFailsBeforeTheClaimWithoutAChild() throws Exception {
        Map<String, Object> data = Map.of("host", "127.0.0.1", "port", 3306, "additional_params",
                Map.of("allowLoadLocalInfile", "true"));
        long hostile = bed.fixtures.connection(bed.groupId(), "mysql", "hostile", data,
                Map.of("type", "basic", "user", "u", "password", "p"));
        long transfer = bed.fixtures.transfer(TransferSpec.builder(bed.groupId(), bed.queue().id(), hostile, hostile)
                .sourceParams(TransferSpec.tableParams("mysql", "db.a"))
                .targetParams(TransferSpec.tableParams("mysql", "db.b")).build());
        long runId = bed.fixtures.run(transfer, "MANUAL");
        Files.writeString(bed.dir.resolve("behavior-" + runId), "succeed 0");
        bed.startWorker(bed.options(1), bed.fakeLauncher());
        bed.publish(runId);

        RecordingRunListener.Finished finished = bed.events.awaitFinished(runId, TIMEOUT);
        assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
        assertThat(finished.detail()).contains("property 'allowLoadLocalInfile' is refused");
        RunRow row = bed.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.startedAt()).as("never claimed (contract §3.2)").isNull();
        assertThat(row.endedAt()).isNotNull();
        assertThat(bed.childStarted(runId)).isFalse();
        assertThat(bed.readyMessages()).isZero();
    }

    @Test
    void aRunThatIsNotCreatedIsSkippedAndItsRowLeftAlone() throws Exception {
        long runId = bed.newRun("succeed 0");
        bed.fixtures.execute("UPDATE run SET status = 'FINISHED' WHERE id = ?", runId);
        bed.startWorker(bed.options(1), bed.fakeLauncher());
        bed.publish(runId);

        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (!bed.events.skipped.contains(runId) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(bed.events.skipped).contains(runId);
        assertThat(bed.row(runId).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(bed.row(runId).endedAt()).isNull();
        assertThat(bed.childStarted(runId)).isFalse();
        assertThat(bed.readyMessages()).isZero();
    }

    @Test
    void shutdownLetsRunsFinishWithinTheGracePeriodThenStopsTheRestAndLeavesQueuedMessagesInRabbitMq() throws Exception {
        long quick = bed.newRun("succeed 1000");
        long slow = bed.newRun("hang");
        long waiting = bed.newRun("succeed 0");
        StandaloneWorker worker = bed.startWorker(bed.options(2).withGracePeriod(Duration.ofSeconds(3)),
                bed.fakeLauncher());
        bed.publish(quick);
        bed.publish(slow);
        bed.events.awaitStarted(quick, TIMEOUT);
        bed.events.awaitStarted(slow, TIMEOUT);
        bed.publish(waiting);
        awaitChild(slow);
        long slowPid = bed.childPid(slow);

        Instant shutdown = Instant.now();
        worker.close();

        assertThat(Duration.between(shutdown, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(bed.row(quick).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(bed.row(slow).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(bed.row(waiting).status()).isEqualTo(RunStatus.CREATED);
        assertThat(bed.childStarted(waiting)).isFalse();
        assertThat(bed.readyMessages()).isEqualTo(1);
        assertThat(ProcessHandle.of(slowPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(Files.list(bed.dir.resolve("state").resolve("runs"))).isEmpty();
    }

    @Test
    void aRunWhoseRowIsDeletedIsStoppedAndNothingIsWritten() throws Exception {
        long runId = bed.newRun("hang");
        bed.startWorker(bed.options(1), bed.fakeLauncher());
        bed.publish(runId);
        awaitChild(runId);
        long pid = bed.childPid(runId);

        bed.fixtures.execute("DELETE FROM run WHERE id = ?", runId); // the transfer was deleted (cascade)

        RecordingRunListener.Finished finished = bed.events.awaitFinished(runId, TIMEOUT);
        assertThat(finished.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(finished.stored()).isNull();
        assertThat(finished.detail()).contains("deleted");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    @Test
    void aMessageThatWaitsLongerThanTheSlotWaitGoesBackToRabbitMqAndRunsLater() throws Exception {
        long first = bed.newRun("succeed 1500");
        long second = bed.newRun("succeed 0");
        bed.startWorker(bed.options(1).withSlotWait(Duration.ofMillis(500)), bed.fakeLauncher());
        bed.publish(first);
        bed.events.awaitStarted(first, TIMEOUT);
        bed.publish(second);

        assertThat(bed.events.awaitFinished(first, TIMEOUT).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(bed.events.awaitFinished(second, TIMEOUT).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(bed.events.maxExecuting()).isEqualTo(1);
        assertThat(bed.events.awaitStarted(second, TIMEOUT).startedAt())
                .isAfter(bed.row(first).endedAt().minusSeconds(1));
        assertThat(bed.readyMessages()).isZero();
    }

    private void awaitChild(long runId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (!bed.childStarted(runId) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bed.childStarted(runId)).as("child of run %d started", runId).isTrue();
    }
}
