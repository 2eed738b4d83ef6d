package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.KubectlTable;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job-runner's {@code summary:} line, left in the pod's termination message by the fake kubelet, reaches the
 * TransferRun status (rows, bytes, seconds), its final Event and {@code kubectl get tr -o wide}; a failed run keeps
 * its failure text without the summary line. Writes the rendered {@code kubectl get} tables to
 * {@code target/kubectl-get.txt} (pasted into docs/operator.md).
 */
class RunSummaryIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OK_LINE = "summary: {\"outcome\":\"succeeded\",\"rows_read\":1200,\"rows_written\":1200,"
            + "\"bytes_written\":48213,\"phases\":{\"read\":1.5,\"write\":2.25}}";
    private static final String FAILED = "Cannot write to table public.target: permission denied\n"
            + "summary: {\"outcome\":\"failed\",\"rows_read\":10,\"rows_written\":null,\"bytes_written\":null,\"phases\":{\"read\":0.5}}";
    private OperatorHarness h;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private TransferRun awaitSynced(long runId, RunPhase phase) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            TransferRun r = h.transferRun(runId);
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == phase
                    && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
        });
        return h.transferRun(runId);
    }

    private List<String> notes(String objectName) {
        return h.client().events().v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                .filter(e -> objectName.equals(e.getRegarding().getName())).map(e -> e.getReason() + ": " + e.getNote()).toList();
    }

    @Test
    void theSummaryLineBecomesTheStatusSummaryTheEventNoteAndTheRowsColumn() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.succeedAfter(200, OK_LINE));
        String slug = h.uniqueSlug("etl");
        h.createQueue("etl", slug, 2, null);
        long ok = h.newRun();
        h.publisher().sendRun(slug, ok, null);

        TransferRun run = awaitSynced(ok, RunPhase.SUCCEEDED);
        assertThat(run.getStatus().getSummary().getRowsRead()).isEqualTo(1200);
        assertThat(run.getStatus().getSummary().getRowsWritten()).isEqualTo(1200);
        assertThat(run.getStatus().getSummary().getBytesWritten()).isEqualTo(48213);
        assertThat(run.getStatus().getSummary().getSeconds()).isEqualTo(3.75);
        assertThat(run.getStatus().getDuration()).matches("\\d+s");
        assertThat(notes(run.getMetadata().getName())).contains(
                "Succeeded: The run succeeded: the job-runner finished successfully. 1200 rows read, 1200 rows written, 48213 bytes written in 3.8 s.");

        Instant now = Instant.now();
        String table = "$ kubectl get tr -o wide\n"
                + new KubectlTable(Path.of("..", "crds", "transferruns.syncmaster.io-v1.yml"), true).render(List.of(run), now)
                + "\n$ kubectl get swq\n"
                + new KubectlTable(Path.of("..", "crds", "syncworkerqueues.syncmaster.io-v1.yml"), false).render(List.of(
                        h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("etl").get()), now);
        Files.writeString(Path.of("target", "kubectl-get.txt"), table);
        System.out.println(table);
        assertThat(table).contains("run-" + ok).contains("Succeeded").contains("1200").contains(slug);
    }

    @Test
    void aFailedRunKeepsItsFailureTextAndItsPartialSummary() throws Exception {
        h = OperatorHarness.start(job -> PodBehavior.failAfter(200, FAILED));
        String slug = h.uniqueSlug("etl");
        h.createQueue("etl", slug, null, null);
        long runId = h.newRun();
        h.publisher().sendRun(slug, runId, null);

        TransferRun run = awaitSynced(runId, RunPhase.FAILED);
        assertThat(run.getStatus().getMessage()).isEqualTo("Cannot write to table public.target: permission denied");
        assertThat(run.getStatus().getSummary().getRowsRead()).isEqualTo(10);
        assertThat(run.getStatus().getSummary().getRowsWritten()).isNull();
        assertThat(h.row(runId).status().name()).isEqualTo("FAILED");
        assertThat(notes(run.getMetadata().getName())).anySatisfy(n -> assertThat(n).startsWith("Failed: The run failed (Error)")
                .contains("permission denied").endsWith("10 rows read in 0.5 s.").doesNotContain("summary:"));
    }
}
