package io.syncmaster.worker.operator.run;

import io.syncmaster.worker.operator.kube.ApiTimes;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.kube.ApiTimes;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Hands out a queue's concurrency slots ({@code maxConcurrentRuns}), oldest run first. Decisions for one queue are
 * serialised by a lock and counted from the informer cache (no API LIST per queued run per resync), plus a short memo
 * of this operator's own admissions that the cache may not show yet, so two reconciliations can never both take the
 * last slot. After a restart the slots are recounted from the TransferRuns themselves; the memo only bridges the
 * moment between a status write and its informer event.
 */
public final class QueueAdmission {
    /** Orders queued runs: first received first (by instant, not by text), run id as tie-breaker. */
    public static final Comparator<TransferRun> OLDEST_FIRST = Comparator
            .comparing((TransferRun r) -> receivedAt(r))
            .thenComparing(r -> r.getSpec().getRunId());

    /** How long an admission of ours counts even if the cache still shows the run Queued. */
    static final Duration MEMO = Duration.ofSeconds(30);

    /** The TransferRuns of one queue: {@code (namespace, queue name) -> runs}, from the informer cache. */
    @FunctionalInterface
    public interface QueueRuns {
        Stream<TransferRun> of(String namespace, String queue);
    }

    private final QueueRuns cache;
    private final Clock clock;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();
    /** queue key -> run name -> when we admitted it (guarded by the queue's lock). */
    private final Map<String, Map<String, Instant>> recentlyAdmitted = new ConcurrentHashMap<>();

    public QueueAdmission(QueueRuns cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
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
        String namespace = run.getMetadata().getNamespace();
        String key = namespace + "/" + run.getSpec().getQueue();
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Map<String, Instant> memo = recentlyAdmitted.computeIfAbsent(key, k -> new HashMap<>());
            Instant now = clock.instant();
            List<TransferRun> runs = cache.of(namespace, run.getSpec().getQueue()).toList();
            // Forget admissions the cache shows now (or that are old enough to have been shown long ago).
            Map<String, RunPhase> phases = new HashMap<>();
            runs.forEach(r -> phases.put(r.getMetadata().getName(), phaseOf(r)));
            memo.entrySet().removeIf(e -> phases.get(e.getKey()) != RunPhase.QUEUED
                    || Duration.between(e.getValue(), now).compareTo(MEMO) > 0);
            int busy = (int) runs.stream().filter(r -> phaseOf(r).holdsSlot()).count() + memo.size();
            List<TransferRun> queued = runs.stream()
                    .filter(r -> phaseOf(r) == RunPhase.QUEUED && !memo.containsKey(r.getMetadata().getName()))
                    .sorted(OLDEST_FIRST).toList();
            int position = 0;
            while (position < queued.size() && !queued.get(position).getMetadata().getName().equals(run.getMetadata().getName())) {
                position++;
            }
            if (busy < limit && position < limit - busy) {
                TransferRun admitted = admit.apply(run);
                memo.put(run.getMetadata().getName(), now);
                return new Admitted(admitted);
            }
            return new Waiting(busy, limit, position);
        }
    }

    private static Instant receivedAt(TransferRun run) {
        try {
            Instant at = ApiTimes.parse(run.getSpec().getReceivedAt());
            return at == null ? Instant.EPOCH : at;
        } catch (DateTimeException e) {
            return Instant.EPOCH;
        }
    }

    /** A run's phase; a run without status yet counts as Queued. */
    public static RunPhase phaseOf(TransferRun run) {
        return run.getStatus() == null ? RunPhase.QUEUED : run.getStatus().phaseOrQueued();
    }
}
