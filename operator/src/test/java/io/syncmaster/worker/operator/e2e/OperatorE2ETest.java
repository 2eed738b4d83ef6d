package io.syncmaster.worker.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import io.syncmaster.worker.testing.CeleryClient;
import io.syncmaster.worker.testing.JobRunnerBuild;
import io.syncmaster.worker.testing.TransferScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end: the real Celery client publishes, the production operator turns the message into a
 * TransferRun and a Job on the mock Kubernetes API, and the test's kubelet ({@link RealJobRunnerPod}) runs the real
 * job-runner with the Job's args, env and its run spec Secret mounted as a file (no database URL, no Fernet key). Job and Pod status come from
 * the job-runner's exit code and termination message; the operator writes the row.
 */
class OperatorE2ETest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private static OperatorHarness h;
    private static TransferScenario scenario;
    private static String slug;
    private static Path scratch;

    @BeforeAll
    static void startOperator() throws Exception {
        Path jar = JobRunnerBuild.jarOrSkip();
        scratch = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
                "e2e-operator-");
        AtomicReference<OperatorHarness> harness = new AtomicReference<>();
        h = OperatorHarness.start(job -> new RealJobRunnerPod(harness.get().client(), OperatorHarness.NAMESPACE, jar,
                        scratch),
                Map.of(RunJobFactory.SPARK_DEFAULTS_KEY, JobRunnerBuild.sparkDefaultsJson()));
        harness.set(h);
        scenario = new TransferScenario(h.database(), h.fixtures());
        slug = h.uniqueSlug("e2e");
        h.createQueue("e2e", slug, 2, null);
    }

    @AfterAll
    static void stopOperator() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private static TransferRun awaitTerminal(long runId) {
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() != null
                    && r.getStatus().getPhase().isTerminal() && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });
        return h.transferRun(runId);
    }

    @Test
    void aFilteredPostgresTransferGoesCreatedStartedFinishedWithTheRowsInTheTargetAndTheLogUrl() throws Exception {
        long runId = scenario.run(scenario.filteredTransfer("operator_target"));
        List<RunStatus> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                RunStatus status = h.row(runId).status();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                    seen.add(status);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            CeleryClient.sendRunTransferTasks(OperatorHarness.BROKER_URL, slug,
                    List.of(new CeleryClient.Request(runId, "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f")));
            TransferRun run = awaitTerminal(runId);
            assertThat(run.getStatus().getPhase()).as(run.getStatus().getMessage()).isEqualTo(RunPhase.SUCCEEDED);
        } finally {
            watching.set(false);
            watcher.join();
        }

        RunRow row = h.row(runId);
        // The watcher may stop between two samples; the row is final now, so record its last status too.
        if (seen.get(seen.size() - 1) != row.status()) {
            seen.add(row.status());
        }
        assertThat(seen).containsExactly(RunStatus.CREATED, RunStatus.STARTED, RunStatus.FINISHED);
        assertThat(row.logUrl()).isEqualTo("https://logs.example.com/syncmaster-worker?correlation_id="
                + "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f&run_id=" + runId + "&job=syncmaster-run-" + runId);
        assertThat(row.endedAt()).isAfter(row.startedAt());
        List<String> expected = scenario.expectedRows();
        assertThat(expected).hasSize(33);
        assertThat(scenario.targetRows("operator_target")).containsExactlyElementsOf(expected);
        assertThat(h.jobController().jobsSeen()).containsOnlyOnce("syncmaster-run-" + runId);
    }

    @Test
    void aMissingSourceTableEndsFailedWithTheReasonInTheTransferRunStatus() throws Exception {
        long runId = scenario.run(scenario.missingSourceTransfer("operator_never"));
        CeleryClient.sendRunTransferTasks(OperatorHarness.BROKER_URL, slug, List.of(new CeleryClient.Request(runId, null)));

        TransferRun run = awaitTerminal(runId);

        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.FAILED);
        assertThat(run.getStatus().getMessage()).contains("side: source").contains("e2e.no_such_table")
                .contains("does not exist");
        RunRow row = h.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.startedAt()).isNotNull();
        assertThat(row.endedAt()).isNotNull();
        assertThat(scenario.tableExists("operator_never")).isFalse();
    }
}
