package io.syncmaster.worker.operator.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Hands out a queue's concurrency slots ({@code maxConcurrentRuns}), oldest run first. Decisions for one queue
 * are serialised by a lock and made on a fresh LIST from the API server (not an informer cache), so two
 * concurrent reconciliations can never both take the last slot. The lock holds no state: after a restart
 * the slots are recounted from the TransferRuns themselves.
 */
public final class QueueAdmission {
    /** Orders queued runs: first received first, run id as tie-breaker. */
    public static final Comparator<TransferRun> OLDEST_FIRST = Comparator
            .comparing((TransferRun r) -> r.getSpec().getReceivedAt() == null ? "" : r.getSpec().getReceivedAt())
            .thenComparing(r -> r.getSpec().getRunId());

    private final KubernetesClient client;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public QueueAdmission(KubernetesClient client) {
        this.client = client;
    }

    /** The result of an admission attempt. */
    public sealed interface Result permits Admitted, Waiting {
    }

    /** The run got a slot; {@code run} is the resource as written. */
    public record Admitted(TransferRun run) implements Result {
    }

    /** No slot for this run yet. */
    public record Waiting(int busy, int limit, int position) implements Result {
    }

    /**
     * Admits {@code run} if its queue has a free slot for it, writing the admission with {@code admit} while the
     * queue's lock is held.
     *
     * @param limit the queue's maxConcurrentRuns, or null for no limit
     */
    public Result tryAdmit(TransferRun run, Integer limit, UnaryOperator<TransferRun> admit) {
        if (limit == null) {
            return new Admitted(admit.apply(run));
        }
        String key = run.getMetadata().getNamespace() + "/" + run.getSpec().getQueue();
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            List<TransferRun> runs = client.resources(TransferRun.class)
                    .inNamespace(run.getMetadata().getNamespace())
                    .withLabel(TransferRun.QUEUE_LABEL, run.getSpec().getQueue())
                    .list().getItems();
            int busy = (int) runs.stream().filter(r -> phaseOf(r).holdsSlot()).count();
            List<TransferRun> queued = runs.stream().filter(r -> phaseOf(r) == RunPhase.QUEUED).sorted(OLDEST_FIRST).toList();
            int position = 0;
            while (position < queued.size() && !queued.get(position).getMetadata().getName().equals(run.getMetadata().getName())) {
                position++;
            }
            if (busy < limit && position < limit - busy) {
                return new Admitted(admit.apply(run));
            }
            return new Waiting(busy, limit, position);
        }
    }

    /** A run's phase; a run without status yet counts as Queued. */
    public static RunPhase phaseOf(TransferRun run) {
        return run.getStatus() == null ? RunPhase.QUEUED : run.getStatus().phaseOrQueued();
    }
}
