package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.MockKubernetes;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's Role allows exactly what the operator does. The real operator (through {@link OperatorHarness}: real
 * PostgreSQL and RabbitMQ, mock API server, fake job controller) goes through a short lifecycle while every request
 * of ITS client is recorded: a queue is created, a run is dispatched, finishes and is deleted after its TTL, a run is
 * stopped through SyncMaster's stop signal, a running run's TransferRun is deleted, and the queue is deleted. Each
 * recorded request, mapped to its RBAC verb, must be granted by the rendered Role (a missing permission fails here,
 * not in a cluster), and every permission of the Role must have been used, unless {@link #NOT_EXERCISED} explains
 * why the lifecycle cannot show it. The test's own client and the fake job controller use other clients and are
 * not recorded.
 */
class ChartRbacMatchesOperatorTrafficTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Permissions the Role needs although the recorded lifecycle does not (reliably) use them, and why. */
    private static final Map<RbacGrant, String> NOT_EXERCISED = Map.of(
            new RbacGrant("syncmaster.io", "transferruns", "get"),
            "JOSDK's conflict-retrying finalizer patch (KubernetesClient.edit) reads the latest object first; used only on a conflict",
            new RbacGrant("syncmaster.io", "syncworkerqueues", "get"),
            "the status update of a SyncWorkerQueue re-reads it after a conflict (PrimaryUpdateAndCacheUtils)",
            new RbacGrant("batch", "jobs", "get"),
            "TransferRunReconciler.observe asks the API server when the Job informer lags behind the operator's own create",
            new RbacGrant("coordination.k8s.io", "leases", "get"),
            "leader election (replicaCount > 1, JOSDK LeaderElectionManager); the harness runs one operator without it",
            new RbacGrant("coordination.k8s.io", "leases", "create"), "leader election, as above",
            new RbacGrant("coordination.k8s.io", "leases", "update"), "leader election, as above");

    /**
     * Calls that need no Role: Kubernetes' default ClusterRoles system:basic-user and system:discovery grant them to
     * every authenticated user (JOSDK's leader election checks its Lease access with a SelfSubjectRulesReview).
     */
    private static final Set<RbacGrant> GRANTED_TO_EVERY_USER = Set.of(
            new RbacGrant("authorization.k8s.io", "selfsubjectrulesreviews", "create"),
            new RbacGrant("authorization.k8s.io", "selfsubjectaccessreviews", "create"));

    private static final List<KubernetesApiCall> calls = new CopyOnWriteArrayList<>();
    private static final List<String> nonResourceRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void recordTheOperatorsRequestsDuringALifecycle() throws Exception {
        Map<String, PodBehavior> behaviors = new ConcurrentHashMap<>();
        try (OperatorHarness h = OperatorHarness.start(job -> behaviors.getOrDefault(job.getMetadata().getName(), PodBehavior.runForever()))) {
            // Record from the operator's very first request: restart it with the recorder in place.
            h.stopOperator();
            h.kubernetes().onRequest(request -> {
                if (request.fromOperatorClient()) {
                    KubernetesApiCall.fromHttp(request.method(), request.path()).ifPresentOrElse(calls::add,
                            () -> nonResourceRequests.add(request.method() + " " + request.path()));
                }
            });
            h.startOperator();

            RunTemplate template = new RunTemplate();
            template.setTtlSecondsAfterFinished(1L);
            String slug = h.uniqueSlug("rbac");
            h.createQueue("rbac", slug, 2, template);

            long finished = h.newRun();
            behaviors.put("syncmaster-run-" + finished, PodBehavior.succeedAfter(200));
            h.publisher().sendRun(slug, finished, null);
            awaitPhase(h, finished, RunPhase.SUCCEEDED);
            await().atMost(TIMEOUT).until(() -> h.transferRun(finished) == null); // deleted by the operator (TTL)

            long stopped = h.newRun();
            h.publisher().sendRun(slug, stopped, null);
            awaitPhase(h, stopped, RunPhase.RUNNING);
            h.sql("UPDATE run SET status = 'SEND_STOP_SIGNAL', updated_at = now() WHERE id = ?", stopped);
            await().atMost(TIMEOUT).until(() -> h.transferRun(stopped) == null
                    || h.transferRun(stopped).getStatus().getPhase() == RunPhase.STOPPED);

            long deleted = h.newRun();
            h.publisher().sendRun(slug, deleted, null);
            awaitPhase(h, deleted, RunPhase.RUNNING);
            h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).withName(TransferRun.nameFor(deleted)).delete();
            await().atMost(TIMEOUT).until(() -> h.transferRun(deleted) == null);

            h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("rbac").delete();
            await().atMost(TIMEOUT).until(() ->
                    h.client().resources(SyncWorkerQueue.class).inNamespace(OperatorHarness.NAMESPACE).withName("rbac").get() == null);
            h.stopOperator();
        }
    }

    private static void awaitPhase(OperatorHarness h, long runId, RunPhase phase) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            TransferRun run = h.transferRun(runId);
            return run != null && run.getStatus() != null && run.getStatus().getPhase() == phase;
        });
    }

    private static Set<RbacGrant> used() {
        return calls.stream().map(RbacGrant::of).filter(g -> !GRANTED_TO_EVERY_USER.contains(g)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<RbacGrant> roleGrants(String valuesYaml) {
        return RbacGrant.expand(HelmChart.render(valuesYaml).get("Role", HelmChart.RELEASE, Role.class).getRules());
    }

    @Test
    void theLifecycleExercisedEveryKindOfCall() {
        assertThat(used()).as("recorded: %s", used()).contains(
                new RbacGrant("syncmaster.io", "syncworkerqueues", "watch"),
                new RbacGrant("syncmaster.io", "syncworkerqueues/status", "update"),
                new RbacGrant("syncmaster.io", "transferruns", "create"),
                new RbacGrant("syncmaster.io", "transferruns", "delete"),
                new RbacGrant("syncmaster.io", "transferruns/status", "update"),
                new RbacGrant("batch", "jobs", "create"),
                new RbacGrant("batch", "jobs", "delete"),
                new RbacGrant("", "secrets", "create"),
                new RbacGrant("", "secrets", "delete"),
                new RbacGrant("", "pods", "watch"),
                new RbacGrant("events.k8s.io", "events", "create"));
    }

    @Test
    void operatorStaysInItsNamespaceAndUsesNoDiscovery() {
        assertThat(calls).filteredOn(c -> !GRANTED_TO_EVERY_USER.contains(RbacGrant.of(c)))
                .extracting(KubernetesApiCall::namespace).containsOnly(OperatorHarness.NAMESPACE);
        assertThat(nonResourceRequests).as("non-resource requests (need system:discovery)").isEmpty();
    }

    @ParameterizedTest(name = "replicaCount: {0}")
    @ValueSource(ints = {1, 3})
    void roleGrantsEveryCallTheOperatorMade(int replicas) {
        Set<RbacGrant> granted = roleGrants("replicaCount: " + replicas);
        Set<RbacGrant> missing = new TreeSet<>(used());
        missing.removeAll(granted);
        assertThat(missing).as("calls the operator made that the Role does not allow").isEmpty();
    }

    @ParameterizedTest(name = "replicaCount: {0}")
    @ValueSource(ints = {1, 3})
    void roleGrantsNothingTheOperatorDidNotUse(int replicas) {
        Set<RbacGrant> unused = roleGrants("replicaCount: " + replicas);
        unused.removeAll(used());
        Map<RbacGrant, String> unexplained = new TreeMap<>();
        unused.stream().filter(g -> !NOT_EXERCISED.containsKey(g)).forEach(g -> unexplained.put(g, "never used"));
        assertThat(unexplained).as("permissions of the Role the operator never used (least privilege)").isEmpty();
    }

    @Test
    void everyExplainedExceptionIsReallyInTheRole() {
        Set<RbacGrant> granted = roleGrants("replicaCount: 3");
        assertThat(granted).containsAll(NOT_EXERCISED.keySet());
        assertThat(roleGrants("replicaCount: 1")).as("Leases only with several replicas")
                .noneMatch(g -> g.resource().equals("leases"));
    }

    @Test
    void recorderSeesOnlyTheOperatorsClient() {
        assertThat(MockKubernetes.OPERATOR_USER_AGENT).isNotBlank();
        // The fake job controller creates pods and writes Job status; the operator never does.
        assertThat(used()).doesNotContain(new RbacGrant("", "pods", "create"), new RbacGrant("batch", "jobs/status", "patch"));
        // The operator writes run spec Secrets and never reads one (it cannot read the namespace's other Secrets).
        assertThat(used()).doesNotContain(new RbacGrant("", "secrets", "get"), new RbacGrant("", "secrets", "list"),
                new RbacGrant("", "secrets", "watch"));
    }
}
