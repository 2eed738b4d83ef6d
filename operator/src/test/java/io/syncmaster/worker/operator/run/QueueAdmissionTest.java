package io.syncmaster.worker.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunSpec;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueueAdmissionTest {

    private static TransferRun run(long id, String receivedAt, RunPhase phase) {
        TransferRun run = new TransferRun();
        run.getMetadata().setName(TransferRun.nameFor(id));
        run.getMetadata().setNamespace("ns");
        TransferRunSpec spec = new TransferRunSpec();
        spec.setRunId(id);
        spec.setQueue("etl");
        spec.setReceivedAt(receivedAt);
        run.setSpec(spec);
        if (phase != null) {
            TransferRunStatus status = new TransferRunStatus();
            status.setPhase(phase);
            run.setStatus(status);
        }
        return run;
    }

    @Test
    void queuedRunsAreOrderedByTheirInstantNotByTheirText() {
        // As text, ".5Z" sorts before "Z": the later run would go first.
        TransferRun whole = run(2, "2025-01-01T00:00:00Z", null);
        TransferRun half = run(1, "2025-01-01T00:00:00.5Z", null);
        TransferRun offset = run(3, "2025-01-01T01:00:00.1+02:00", null); // 23:00:00.1 the day before
        List<TransferRun> sorted = new ArrayList<>(List.of(half, whole, offset));
        sorted.sort(QueueAdmission.OLDEST_FIRST);
        assertThat(sorted).extracting(r -> r.getSpec().getRunId()).containsExactly(3L, 2L, 1L);
    }

    @Test
    void admissionsTheCacheDoesNotShowYetStillTakeTheirSlot() {
        // The cache lags: it never sees our admissions (status writes), as between a write and its informer event.
        List<TransferRun> cache = List.of(run(1, "2025-01-01T00:00:01Z", null), run(2, "2025-01-01T00:00:02Z", null),
                run(3, "2025-01-01T00:00:03Z", null));
        AtomicInteger apiLists = new AtomicInteger();
        QueueAdmission admission = new QueueAdmission((ns, queue) -> {
            apiLists.incrementAndGet();
            return cache.stream();
        }, Clock.fixed(Instant.parse("2025-01-01T00:01:00Z"), ZoneOffset.UTC));

        assertThat(admission.tryAdmit(cache.get(0), 2, r -> r)).isInstanceOf(QueueAdmission.Admitted.class);
        assertThat(admission.tryAdmit(cache.get(2), 2, r -> r)).as("run 2 is older and waits first")
                .isEqualTo(new QueueAdmission.Waiting(1, 2, 1));
        assertThat(admission.tryAdmit(cache.get(1), 2, r -> r)).isInstanceOf(QueueAdmission.Admitted.class);
        assertThat(admission.tryAdmit(cache.get(2), 2, r -> r)).as("both slots taken by admissions not yet cached")
                .isEqualTo(new QueueAdmission.Waiting(2, 2, 0));
        assertThat(apiLists.get()).isEqualTo(4);
    }

    @Test
    void anAdmissionTheCacheShowsIsCountedOnceAndAFinishedOneFreesItsSlot() {
        List<TransferRun> cache = new ArrayList<>(List.of(run(1, "2025-01-01T00:00:01Z", null), run(2, "2025-01-01T00:00:02Z", null)));
        QueueAdmission admission = new QueueAdmission((ns, queue) -> new ArrayList<>(cache).stream(),
                Clock.fixed(Instant.parse("2025-01-01T00:01:00Z"), ZoneOffset.UTC));
        assertThat(admission.tryAdmit(cache.get(0), 1, r -> r)).isInstanceOf(QueueAdmission.Admitted.class);
        cache.set(0, run(1, "2025-01-01T00:00:01Z", RunPhase.PENDING));
        assertThat(admission.tryAdmit(cache.get(1), 1, r -> r)).isEqualTo(new QueueAdmission.Waiting(1, 1, 0));
        cache.set(0, run(1, "2025-01-01T00:00:01Z", RunPhase.SUCCEEDED));
        assertThat(admission.tryAdmit(cache.get(1), 1, r -> r)).isInstanceOf(QueueAdmission.Admitted.class);
    }
}
