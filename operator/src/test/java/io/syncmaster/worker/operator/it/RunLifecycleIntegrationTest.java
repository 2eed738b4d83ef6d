package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole operator path with real PostgreSQL and RabbitMQ: a Celery message becomes a TransferRun, a Job, and
 * a final row status. Only the Kubernetes API (CRUD mock) and its controllers (fake job controller) are simulated.
 */
class RunLifecycleIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private OperatorHarness h;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private TransferRun awaitPhase(long runId, RunPhase phase) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == phase
                    && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED) == phase.isTerminal();
        });
        return h.transferRun(runId);
    }

    private Job job(long runId) {
        return h.client().batch().v1().jobs().inNamespace(OperatorHarness.NAMESPACE).withName("syncmaster-run-" + runId).get();
    }

    private void awaitJobDeleted(long runId) {
        await().atMost(TIMEOUT).until(() -> job(runId) == null);
    }

    private String queue(String name, Integer max, RunTemplate template) {
        String slug = h.uniqueSlug(name);
        h.createQueue(name, slug, max, template);
        return slug;
    }

    private List<String> eventReasons(String objectName) {
        return h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                .filter(e -> objectName.equals(e.getRegarding().getName())).map(e -> e.getType() + "/" + e.getReason()).toList();
    }

    @Test
    void happyPathGoesCreatedStartedFinishedWithTheRenderedLogUrl() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(300));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        String taskId = h.publisher().sendRun(slug, runId, "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f");

        TransferRun run = awaitPhase(runId, RunPhase.SUCCEEDED);
        RunRow row = h.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(row.startedAt()).isNotNull();
        assertThat(row.endedAt()).isAfterOrEqualTo(row.startedAt());
        assertThat(row.logUrl()).isEqualTo("https://logs.example.com/syncmaster-worker?correlation_id=0192f0c1a2b34c5d8e9f0a1b2c3d4e5f&run_id="
                + runId + "&job=syncmaster-run-" + runId);
        assertThat(run.getSpec().getTaskId()).isEqualTo(taskId);
        assertThat(run.getSpec().getSlug()).isEqualTo(slug);
        assertThat(run.getStatus().getLogUrl()).isEqualTo(row.logUrl());
        assertThat(run.getStatus().getJobName()).isEqualTo("syncmaster-run-" + runId);
        assertThat(run.getStatus().getTransferId()).isEqualTo(row.transferId());
        assertThat(run.getStatus().getStartedAt()).isNotNull();
        assertThat(run.getStatus().getFinishedAt()).isNotNull();
        for (String c : List.of(TransferRunStatus.ADMITTED, TransferRunStatus.CLAIMED, TransferRunStatus.JOB_CREATED,
                TransferRunStatus.COMPLETE, TransferRunStatus.DB_SYNCED)) {
            assertThat(run.getStatus().isTrue(c)).as("condition %s", c).isTrue();
        }
        Job job = job(runId);
        assertThat(job.getMetadata().getLabels()).containsEntry("syncmaster.io/transfer-id", String.valueOf(row.transferId()));
        assertThat(eventReasons(run.getMetadata().getName()))
                .contains("Normal/Admitted", "Normal/Claimed", "Normal/JobCreated", "Normal/Succeeded", "Normal/DbSynced");
        assertThat(h.jobController().jobsSeen()).containsExactly("syncmaster-run-" + runId);
    }

    @Test
    void runWithoutCorrelationHeaderGetsAFreshUuidHexLikeTheCeleryWorker() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = queue("sched", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.SUCCEEDED);
        assertThat(h.row(runId).logUrl()).matches("https://logs\\.example\\.com/syncmaster-worker\\?correlation_id=[0-9a-f]{32}&run_id="
                + runId + "&job=syncmaster-run-" + runId);
    }

    @Test
    void failedJobEndsFailedWithTheTerminationMessage() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.failAfter(200,
                "TransferFailed (source): relation \"public.missing\" does not exist"));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);

        TransferRun run = awaitPhase(runId, RunPhase.FAILED);
        assertThat(run.getStatus().getMessage()).isEqualTo("TransferFailed (source): relation \"public.missing\" does not exist");
        assertThat(run.getStatus().getReason()).isEqualTo("Error");
        RunRow row = h.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.endedAt()).isNotNull();
        assertThat(eventReasons(run.getMetadata().getName())).contains("Warning/Failed");
    }

    @Test
    void duplicateDeliveryRunsOnceAndClaimsOnce() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(500));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.SUCCEEDED);
        h.publisher().sendRun(slug, runId, null);
        Thread.sleep(1500);
        assertThat(h.jobController().jobsSeen()).containsExactly("syncmaster-run-" + runId);
        assertThat(h.transferRun(runId).getStatus().getPhase()).isEqualTo(RunPhase.SUCCEEDED);
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems()).hasSize(1);
    }

    @Test
    void runThatIsNotCreatedIsSkippedAndItsRowLeftUntouched() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.sql("UPDATE run SET status = 'STARTED', started_at = now() WHERE id = ?", runId);
        RunRow before = h.row(runId);
        h.publisher().sendRun(slug, runId, null);

        TransferRun run = awaitPhase(runId, RunPhase.SKIPPED);
        assertThat(run.getStatus().getReason()).isEqualTo("NotCreated");
        assertThat(h.row(runId)).isEqualTo(before);
        assertThat(h.jobController().jobsSeen()).isEmpty();
    }

    @Test
    void runDeletedFromTheDatabaseIsSkipped() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.sql("DELETE FROM run WHERE id = ?", runId);
        h.publisher().sendRun(slug, runId, null);
        assertThat(awaitPhase(runId, RunPhase.SKIPPED).getStatus().getReason()).isEqualTo("RunNotFound");
    }

    @Test
    void runStoppedBeforePickUpEndsStoppedInsteadOfStayingSendStopSignalForever() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.sql("UPDATE run SET status = 'SEND_STOP_SIGNAL' WHERE id = ?", runId);
        h.publisher().sendRun(slug, runId, null);

        awaitPhase(runId, RunPhase.STOPPED);
        RunRow row = h.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(row.endedAt()).isNotNull();
        assertThat(row.startedAt()).isNull();
        assertThat(h.jobController().jobsSeen()).isEmpty();
    }

    @Test
    void stopSignalWhileRunningDeletesTheJobAndEndsStopped() throws Exception {
        // A long resync proves the stop is noticed by the stop-signal watcher, not by a periodic re-check.
        h = OperatorHarness.start(job -> PodBehavior.runForever(), Map.of("SYNCMASTER__OPERATOR__RESYNC_SECONDS", "120"));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.RUNNING);
        long stopAt = System.nanoTime();
        h.sql("UPDATE run SET status = 'SEND_STOP_SIGNAL', updated_at = now() WHERE id = ?", runId);

        TransferRun run = awaitPhase(runId, RunPhase.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.getStatus().getMessage()).contains("SEND_STOP_SIGNAL");
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.STOPPED);
        awaitJobDeleted(runId);
    }

    @Test
    void aRunningRunWhoseRowIsFinishedBySomeoneElseOrDeletedStopsLikeInTheStandaloneWorker() throws Exception {
        // the shared StopPolicy (common's lifecycle): its result could never be recorded
        h = OperatorHarness.start(job -> PodBehavior.runForever(), Map.of("SYNCMASTER__OPERATOR__RESYNC_SECONDS", "120"));
        String slug = queue("etl", null, null);
        long finishedElsewhere = h.newRun();
        long deleted = h.newRun();
        h.publisher().sendRun(slug, finishedElsewhere, null);
        h.publisher().sendRun(slug, deleted, null);
        awaitPhase(finishedElsewhere, RunPhase.RUNNING);
        awaitPhase(deleted, RunPhase.RUNNING);
        h.sql("UPDATE run SET status = 'FAILED', ended_at = now(), updated_at = now() WHERE id = ?", finishedElsewhere);
        h.sql("DELETE FROM run WHERE id = ?", deleted);

        TransferRun stopped = awaitPhase(finishedElsewhere, RunPhase.STOPPED);
        assertThat(stopped.getStatus().getMessage()).contains("the run is already FAILED (written by someone else)");
        assertThat(awaitPhase(deleted, RunPhase.STOPPED).getStatus().getMessage())
                .contains("the run row was deleted (with its transfer?)");
        awaitJobDeleted(finishedElsewhere);
        awaitJobDeleted(deleted);
        assertThat(h.row(finishedElsewhere).status()).as("the other writer's status is kept").isEqualTo(RunStatus.FAILED);
    }

    @Test
    void stopRequestedThroughTheTransferRunSpec() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.runForever());
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.RUNNING);
        h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).withName(TransferRun.nameFor(runId))
                .edit(r -> {
                    r.getSpec().setStop(true);
                    return r;
                });
        awaitPhase(runId, RunPhase.STOPPED);
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.STOPPED);
    }

    @Test
    void deletingAnUnfinishedTransferRunStopsTheRun() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.runForever());
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.RUNNING);
        h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).withName(TransferRun.nameFor(runId)).delete();
        await().atMost(TIMEOUT).until(() -> h.transferRun(runId) == null);
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.STOPPED);
        awaitJobDeleted(runId);
    }

    @Test
    void startTimeoutFailsARunWhoseImageCannotBePulled() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.imagePullBackOff());
        RunTemplate template = new RunTemplate();
        template.setImage("syncmaster-worker/job-runner:does-not-exist");
        template.setStartTimeoutSeconds(2L);
        String slug = queue("etl", null, template);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);

        TransferRun run = awaitPhase(runId, RunPhase.FAILED);
        assertThat(run.getStatus().getReason()).isEqualTo("ImagePullBackOff");
        assertThat(run.getStatus().getMessage()).contains("did not start running within 2 s").contains("does-not-exist");
        RunRow row = h.row(runId);
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.endedAt()).isNotNull();
        awaitJobDeleted(runId);
    }

    @Test
    void finishedRunIsDeletedAfterItsTtlOnlyOnceSynced() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        RunTemplate template = new RunTemplate();
        template.setTtlSecondsAfterFinished(1L);
        String slug = queue("etl", null, template);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        await().atMost(TIMEOUT).until(() -> h.row(runId).status() == RunStatus.FINISHED);
        await().atMost(TIMEOUT).until(() -> h.transferRun(runId) == null);
        awaitJobDeleted(runId);
    }

    @Test
    void concurrencyLimitQueuesTheRestOldestFirstAndNeverExceedsIt() throws Exception {
        Map<String, Long> startOrder = new ConcurrentHashMap<>();
        Function<Job, PodBehavior> behaviors = job -> (j, pod) -> {
            startOrder.put(j.getMetadata().getName(), System.nanoTime());
            pod.running();
            Thread.sleep(700);
            pod.succeed();
        };
        h = OperatorHarness.start(behaviors);
        String slug = queue("limited", 2, null);
        long[] runs = new long[6];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = h.newRun();
            h.publisher().sendRun(slug, runs[i], null);
        }
        int maxBusy = 0;
        boolean sawQueueFull = false;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<TransferRun> all = h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems();
            int busy = (int) all.stream().filter(r -> r.getStatus() != null && r.getStatus().getPhase() != null
                    && r.getStatus().getPhase().holdsSlot()).count();
            maxBusy = Math.max(maxBusy, busy);
            sawQueueFull |= all.stream().anyMatch(r -> r.getStatus() != null && r.getStatus().condition(TransferRunStatus.ADMITTED)
                    .map(c -> "QueueFull".equals(c.getReason())).orElse(false));
            if (all.size() == runs.length && all.stream().allMatch(r -> r.getStatus() != null && r.getStatus().getPhase() == RunPhase.SUCCEEDED
                    && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED))) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(maxBusy).as("runs Pending or Running at once").isEqualTo(2);
        assertThat(sawQueueFull).isTrue();
        for (long runId : runs) {
            assertThat(h.row(runId).status()).isEqualTo(RunStatus.FINISHED);
        }
        List<Long> order = List.of(runs[0], runs[1], runs[2], runs[3], runs[4], runs[5]).stream()
                .sorted((a, b) -> Long.compare(startOrder.get("syncmaster-run-" + a), startOrder.get("syncmaster-run-" + b))).toList();
        assertThat(order.subList(4, 6)).as("the last two received start last").containsExactlyInAnyOrder(runs[4], runs[5]);
    }

    @Test
    void operatorRestartedBetweenJobCompletionAndTheDbWriteStillFinishesTheRow() throws Exception {
        CountDownLatch mayFinish = new CountDownLatch(1);
        h = OperatorHarness.start(job -> PodBehavior.succeedWhenReleased(mayFinish));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.RUNNING);
        h.stopOperator();
        mayFinish.countDown();
        await().atMost(TIMEOUT).until(() -> {
            Job job = job(runId);
            return job != null && job.getStatus() != null && job.getStatus().getSucceeded() != null;
        });
        assertThat(h.row(runId).status()).as("nobody wrote the row while the operator was down").isEqualTo(RunStatus.STARTED);
        h.startOperator();
        awaitPhase(runId, RunPhase.SUCCEEDED);
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(h.jobController().jobsSeen()).containsExactly("syncmaster-run-" + runId);
    }

    /** Cuts SyncMaster's database off (no new connections, existing sessions killed) or lets it back. */
    private void databaseReachable(boolean reachable) throws Exception {
        String db = h.database().databaseName();
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             var st = c.createStatement()) {
            st.execute("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS " + reachable);
            if (!reachable) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            }
        }
    }

    @Test
    void databaseOutageDuringTheFinalWriteIsRetriedUntilTheRowHoldsIt() throws Exception {
        CountDownLatch mayFinish = new CountDownLatch(1);
        h = OperatorHarness.start(job -> PodBehavior.succeedWhenReleased(mayFinish));
        String slug = queue("etl", null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        awaitPhase(runId, RunPhase.RUNNING);
        try {
            databaseReachable(false);
            mayFinish.countDown();
            await().atMost(TIMEOUT).until(() -> {
                TransferRun r = h.transferRun(runId);
                return r.getStatus().getPhase() == RunPhase.SUCCEEDED && r.getStatus().condition(TransferRunStatus.DB_SYNCED)
                        .map(c -> "False".equals(c.getStatus()) && "DatabaseUnavailable".equals(c.getReason())).orElse(false);
            });
            // The Event follows the status write that the await above saw.
            await().atMost(TIMEOUT).untilAsserted(() ->
                    assertThat(eventReasons(TransferRun.nameFor(runId))).contains("Warning/DbSyncFailed"));
        } finally {
            databaseReachable(true);
        }
        awaitPhase(runId, RunPhase.SUCCEEDED);
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(h.row(runId).endedAt()).isNotNull();
    }

    @Test
    void messagesPublishedWhileTheOperatorIsDownAreProcessedAfterItStarts() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100));
        String slug = queue("etl", null, null);
        await().atMost(TIMEOUT).until(() -> Optional.ofNullable(h.client().resources(SyncWorkerQueue.class)
                .inNamespace(OperatorHarness.NAMESPACE).withName("etl").get().getStatus())
                .map(s -> s.getConditions().stream().anyMatch(c -> "BrokerConnected".equals(c.getType()) && "True".equals(c.getStatus())))
                .orElse(false));
        h.stopOperator();
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        h.startOperator();
        awaitPhase(runId, RunPhase.SUCCEEDED);
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.FINISHED);
    }
}
