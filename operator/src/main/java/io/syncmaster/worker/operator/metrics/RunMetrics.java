package io.syncmaster.worker.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncmaster.worker.operator.crd.RunCounts;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.kube.ApiTimes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's run metrics (Prometheus names {@code syncmaster_*}): phase transitions, runs per queue and
 * phase, queue wait, dispatch and Job creation latency, run duration, row-sync failures and lag.
 */
public final class RunMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> phaseGauges = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics that go nowhere, for tests and tools that do not export them. */
    public static RunMetrics discarding() {
        return new RunMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void transition(TransferRun run, RunPhase from, RunPhase to) {
        Counter.builder("syncmaster_run_transitions")
                .description("TransferRun phase transitions")
                .tag("queue", queue(run)).tag("from", from == null ? "None" : from.displayName()).tag("to", to.displayName())
                .register(registry).increment();
        if (to.isTerminal() && run.getStatus() != null && run.getStatus().getStartedAt() != null) {
            Duration d = ApiTimes.since(run.getStatus().getStartedAt(), ApiTimes.parse(run.getStatus().getFinishedAt()));
            if (d != null && !d.isNegative()) {
                Timer.builder("syncmaster_run_duration").description("From claim to terminal phase")
                        .tag("queue", queue(run)).tag("phase", to.displayName()).publishPercentileHistogram()
                        .register(registry).record(d);
            }
        }
        if (to == RunPhase.FAILED) {
            // Reasons are CamelCase words from a small set (CannotRun, OOMKilled, DeadlineExceeded, Error, …).
            String reason = run.getStatus() == null || run.getStatus().getReason() == null ? "Unknown" : run.getStatus().getReason();
            Counter.builder("syncmaster_run_failures").description("Failed runs by reason")
                    .tag("queue", queue(run)).tag("reason", reason).register(registry).increment();
        }
    }

    public void queueWait(TransferRun run, Duration wait) {
        if (wait != null && !wait.isNegative()) {
            Timer.builder("syncmaster_queue_wait").description("From message received to slot admitted")
                    .tag("queue", queue(run)).publishPercentileHistogram().register(registry).record(wait);
        }
    }

    public void jobCreated(TransferRun run, Duration apiLatency, Duration sinceReceived) {
        Timer.builder("syncmaster_job_creation").description("Latency of the Job create call")
                .tag("queue", queue(run)).register(registry).record(apiLatency);
        if (sinceReceived != null && !sinceReceived.isNegative()) {
            Timer.builder("syncmaster_dispatch_latency").description("From message received to Job created")
                    .tag("queue", queue(run)).publishPercentiles(0.5, 0.99).register(registry).record(sinceReceived);
        }
    }

    public void dbSyncFailure(TransferRun run) {
        Counter.builder("syncmaster_db_sync_failures").description("Failed writes of a final status into the run row")
                .tag("queue", queue(run)).register(registry).increment();
    }

    public void dbSynced(TransferRun run, Duration lag) {
        if (lag != null && !lag.isNegative()) {
            Timer.builder("syncmaster_db_sync_lag").description("From terminal phase to the row holding it")
                    .tag("queue", queue(run)).register(registry).record(lag);
        }
    }

    /** Publishes the number of runs per phase of one queue (kept by the queue reconciler). */
    public void runCounts(String namespace, String queue, RunCounts counts) {
        for (RunPhase phase : RunPhase.values()) {
            AtomicInteger gauge = phaseGauges.computeIfAbsent(namespace + "/" + queue + "/" + phase, k -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder("syncmaster_runs", value, AtomicInteger::get).description("TransferRuns by queue and phase")
                        .tag("namespace", namespace).tag("queue", queue).tag("phase", phase.displayName()).register(registry);
                return value;
            });
            gauge.set(counts.get(phase));
        }
    }

    private static String queue(TransferRun run) {
        return String.valueOf(run.getSpec().getQueue());
    }
}
