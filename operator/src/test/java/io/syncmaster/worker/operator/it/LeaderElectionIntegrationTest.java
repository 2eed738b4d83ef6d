package io.syncmaster.worker.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.SyncMasterOperator;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election: only the Lease holder consumes and reconciles; each run executes once. */
class LeaderElectionIntegrationTest {

    @Test
    void onlyTheLeaderConsumesAndEveryRunExecutesOnce() throws Exception {
        Map<String, String> env = Map.of(
                "SYNCMASTER__OPERATOR__LEADER_ELECTION__ENABLED", "true",
                "SYNCMASTER__OPERATOR__LEADER_ELECTION__EXIT_ON_STOP_LEADING", "false");
        try (OperatorHarness h = OperatorHarness.start(job -> PodBehavior.succeedAfter(100), env);
             SyncMasterOperator second = h.startReplica("operator-1")) {
            String slug = h.uniqueSlug("ha");
            h.createQueue("ha", slug, null, null);
            long[] runs = {h.newRun(), h.newRun(), h.newRun()};
            for (long runId : runs) {
                h.publisher().sendRun(slug, runId, null);
            }
            for (long runId : runs) {
                await().atMost(Duration.ofSeconds(60)).until(() -> h.findRow(runId).map(r -> r.status() == RunStatus.FINISHED).orElse(false));
                await().atMost(Duration.ofSeconds(10)).until(() -> h.transferRun(runId).getStatus().getPhase() == RunPhase.SUCCEEDED);
            }
            boolean firstConsumes = h.operator().consumers().state(OperatorHarness.NAMESPACE + "/ha").isPresent();
            boolean secondConsumes = second.consumers().state(OperatorHarness.NAMESPACE + "/ha").isPresent();
            assertThat(firstConsumes ^ secondConsumes).as("exactly one replica consumes (first=%s, second=%s)", firstConsumes,
                    secondConsumes).isTrue();
            SyncMasterOperator standby = firstConsumes ? second : h.operator();
            assertThat(standby.readinessChecks().get("informers").check().detail()).startsWith("standby");
            assertThat(h.jobController().jobsSeen()).hasSize(runs.length).doesNotHaveDuplicates();
            assertThat(h.client().leases().inNamespace(OperatorHarness.NAMESPACE).withName("syncmaster-worker-leader").get()
                    .getSpec().getHolderIdentity()).isIn("operator-0", "operator-1");
        }
    }
}
