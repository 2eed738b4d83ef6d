package io.syncmaster.worker.operator.run;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
 * Notices SyncMaster's stop button ({@code run.status = 'SEND_STOP_SIGNAL'}) quickly and cheaply: every few seconds
 * one query reads the status of every unfinished run, and only the runs asked to stop are reconciled at once. The
 * regular resync stays long, and upstream's never-acted-on stop signal becomes a real stop.
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
            statuses.forEach((runId, status) -> {
                TransferRun run = byRunId.get(runId);
                if (status == RunStatus.SEND_STOP_SIGNAL && run != null && !run.getSpec().stopRequested()) {
                    LOG.info("Run {} was asked to stop (SEND_STOP_SIGNAL)", runId);
                    propagateEvent(ResourceID.fromResource(run));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot poll run statuses for stop signals: {}", e.getMessage());
        }
    }
}
