package io.syncmaster.worker.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Dispatch throughput and latency of the operator (design §7): Celery messages → TransferRuns → Jobs, with real
 * RabbitMQ and PostgreSQL and the mock API server. Not a test: run with {@code mvn -pl operator test -Pbenchmark}.
 * Figures go to docs/operator.md. The mock API server, not a real kube-apiserver, is on the other side.
 */
@Tag("benchmark")
class DispatchBenchmarkTest {
    private static final int RUNS = Integer.getInteger("benchmark.runs", 500);

    @Test
    void dispatchThroughputAndLatency() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(job -> PodBehavior.runForever())) {
            AtomicLong operatorRequests = new AtomicLong();
            AtomicLong allRequests = new AtomicLong();
            h.kubernetes().onRequest(r -> {
                allRequests.incrementAndGet();
                if (r.fromOperatorClient()) {
                    operatorRequests.incrementAndGet();
                }
            });
            String slug = h.uniqueSlug("bench");
            h.createQueue("bench", slug, null, null);
            List<Long> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(h.newRun());
            }
            Thread.sleep(1000);
            long operatorBefore = operatorRequests.get();
            long allBefore = allRequests.get();
            long start = System.nanoTime();
            for (long runId : runs) {
                h.publisher().sendRun(slug, runId, null);
            }
            long published = System.nanoTime();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                    h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems().size() == RUNS);
            long allTransferRuns = System.nanoTime();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                    h.client().batch().v1().jobs().inNamespace(OperatorHarness.NAMESPACE).list().getItems().size() == RUNS);
            long allJobs = System.nanoTime();
            Timer latency = h.operator().metrics().registry().find("syncmaster_dispatch_latency").timer();
            assertThat(latency).isNotNull();
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : latency.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            double seconds = (allJobs - start) / 1e9;
            System.out.printf("DISPATCH BENCHMARK runs=%d publish=%.2fs transferRuns=%.1f/s jobs=%.1f/s "
                            + "message->Job latency p50=%.0fms p99=%.0fms max=%.0fms; API requests per run: operator %.1f, all %.1f;"
                            + " mock API server load %.0f requests/s%n",
                    RUNS, (published - start) / 1e9, RUNS / ((allTransferRuns - start) / 1e9), RUNS / seconds,
                    p50, p99, latency.max(TimeUnit.MILLISECONDS), (operatorRequests.get() - operatorBefore) / (double) RUNS,
                    (allRequests.get() - allBefore) / (double) RUNS, (allRequests.get() - allBefore) / seconds);
        }
    }
}
