package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The final-status write retries what can succeed later (database errors) and nothing else: no silent loop. */
class FinalStatusIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private OperatorHarness h;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aRowThatCanNeverTakeTheFinalStatusIsReportedOnceNotRetriedForever() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        h = OperatorHarness.start(job -> PodBehavior.succeedWhenReleased(release));
        String slug = h.uniqueSlug("final");
        h.createQueue("final", slug, null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);
        await().atMost(TIMEOUT).until(() -> h.transferRun(runId) != null && h.transferRun(runId).getStatus() != null
                && h.transferRun(runId).getStatus().getPhase() == RunPhase.RUNNING);

        // Someone puts the row back to CREATED while it runs: CREATED -> FINISHED is never a valid write.
        h.sql("UPDATE run SET status = 'CREATED' WHERE id = ?", runId);
        release.countDown();

        await().atMost(TIMEOUT).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });
        TransferRun run = h.transferRun(runId);
        assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.SUCCEEDED);
        assertThat(run.getStatus().condition(TransferRunStatus.DB_SYNCED)).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("NotWritable");
            assertThat(c.getMessage()).contains("cannot take FINISHED", "CREATED");
        });
        assertThat(h.row(runId).status()).isEqualTo(RunStatus.CREATED);
        assertThat(h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems())
                .filteredOn(e -> run.getMetadata().getName().equals(e.getRegarding().getName())
                        && "DbSyncFailed".equals(e.getReason()))
                .hasSize(1);
    }
}
