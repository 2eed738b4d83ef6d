package io.syncmaster.worker.operator.run;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.StopPolicy;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices quickly and cheaply what {@link StopPolicy} stops (SyncMaster's stop button, {@code run.status =
 * 'SEND_STOP_SIGNAL'}, and a claimed run's row deleted or made final by someone else): every few seconds one query
 * reads the status of every unfinished run, and only the runs to stop are reconciled at once. The regular resync
 * stays long, and upstream's never-acted-on stop signal becomes a real stop.
 */
final class StopSignalWatcher extends SimpleInboundEventSource<TransferRun> {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignalWatcher.class);

    private final Supplier<Stream<TransferRun>> unfinishedRuns;
    private final DataSource dataSource;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    StopSignalWatcher(Supplier<Stream<TransferRun>> unfinishedRuns, DataSource dataSource, Duration interval) {
        super("stop-signal-watcher");
        this.unfinishedRuns = unfinishedRuns;
        this.dataSource = dataSource;
        this.interval = interval;
    }

    @Override
    public synchronized void start() throws OperatorException {
        super.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stop-signal-watcher");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() throws OperatorException {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        super.stop();
    }

    void poll() {
        try {
            Map<Long, TransferRun> byRunId = unfinishedRuns.get()
                    .collect(Collectors.toMap(r -> r.getSpec().getRunId(), Function.identity(), (a, b) -> a));
            if (byRunId.isEmpty()) {
                return;
            }
            Map<Long, RunStatus> statuses = new RunRepository(dataSource, Clock.systemUTC()).statuses(byRunId.keySet());
            byRunId.forEach((runId, run) -> {
                if (run.getSpec().stopRequested()) {
                    return;
                }
                StopPolicy.stopReason(Optional.ofNullable(statuses.get(runId)), RunObserver.claimedAndActive(run))
                        .ifPresent(reason -> {
                            LOG.info("Run {} must stop: {}", runId, reason);
                            propagateEvent(ResourceID.fromResource(run));
                        });
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot poll run statuses for stop signals: {}", e.getMessage());
        }
    }
}
