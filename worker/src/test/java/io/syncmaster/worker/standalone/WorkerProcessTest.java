package io.syncmaster.worker.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code syncmaster-worker worker} as a real process, signalled like docker or systemd would: SIGTERM shuts down
 * gracefully (the run ends STOPPED, nothing left STARTED); SIGKILL takes the job-runner down with the worker, and the
 * restarted worker fails the interrupted run from its journal.
 */
class WorkerProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StandaloneTestbed bed;
    private final List<Process> workers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        bed = StandaloneTestbed.create("process");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
        bed.close();
    }

    private Process startWorker() throws Exception {
        Path jar = FakeJobRunnerJar.create(bed.dir.resolve("fake-job-runner"));
        List<String> command = List.of(JobRunnerInstallation.currentJava().toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker",
                "-Q", bed.slug, "--concurrency", "1", "--grace-period", "1",
                "--job-runner-jar", jar.toString(), "--job-runner-java-options", "-Xmx64m",
                "--state-dir", bed.dir.resolve("state").toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.toUpperCase().startsWith("SYNCMASTER"));
        builder.environment().putAll(bed.env);
        builder.environment().put("FAKE_JOB_RUNNER_DIR", bed.dir.toString());
        Path log = Files.createTempFile(bed.dir, "worker", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process worker = builder.start();
        workers.add(worker);
        return worker;
    }

    private long runningChild(long runId) throws Exception {
        await().atMost(TIMEOUT).until(() -> bed.childStarted(runId));
        await().atMost(TIMEOUT).until(() -> bed.row(runId).status() == RunStatus.STARTED);
        return bed.childPid(runId);
    }

    @Test
    void sigtermStopsTheRunningRunAfterTheGracePeriodAndLeavesNothingStarted() throws Exception {
        long runId = bed.newRun("hang");
        Process worker = startWorker();
        bed.publish(runId);
        long child = runningChild(runId);

        worker.destroy(); // SIGTERM

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).as("worker exited").isTrue();
        assertThat(bed.row(runId).status()).isEqualTo(RunStatus.STOPPED);
        assertThat(bed.row(runId).endedAt()).isNotNull();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void afterSigkillTheChildDiesAndTheRestartedWorkerFailsTheInterruptedRun() throws Exception {
        long runId = bed.newRun("hang");
        Process worker = startWorker();
        bed.publish(runId);
        long child = runningChild(runId);

        worker.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
        assertThat(bed.row(runId).status()).as("nobody finished it yet").isEqualTo(RunStatus.STARTED);

        Process restarted = startWorker();
        await().atMost(TIMEOUT).until(() -> bed.row(runId).status() == RunStatus.FAILED);
        assertThat(bed.row(runId).endedAt()).isNotNull();
        assertThat(restarted.isAlive()).isTrue();
        assertThat(bed.readyMessages()).isZero();
    }
}
