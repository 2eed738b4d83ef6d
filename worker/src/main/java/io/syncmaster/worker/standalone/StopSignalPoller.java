package io.syncmaster.worker.standalone;

import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.StopPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on SyncMaster's stop button, which upstream never does (contract §3.2): every poll interval, one query reads the
 * status of every run executing in this worker, and {@link StopPolicy} (the operator's too) says which must stop.
 */
public final class StopSignalPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignalPoller.class);

    private final RunSupervisor supervisor;
    private final RunRepository runs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stop-signal-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastError;

    public StopSignalPoller(RunSupervisor supervisor, RunRepository runs) {
        this.supervisor = supervisor;
        this.runs = runs;
    }

    /** Polls every {@code interval} until closed. */
    public StopSignalPoller start(Duration interval) {
        timer.scheduleWithFixedDelay(this::pollOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One poll (public for tests). */
    public void pollOnce() {
        List<Long> executing = supervisor.executingRunIds();
        if (executing.isEmpty()) {
            return;
        }
        Map<Long, RunStatus> statuses;
        try {
            statuses = runs.statuses(executing);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastError)) {
                LOG.warn("Cannot poll the status of {} running run(s): {}", executing.size(), message);
                lastError = message;
            }
            return;
        }
        lastError = null;
        for (Long runId : executing) {
            StopPolicy.stopReason(Optional.ofNullable(statuses.get(runId)), true)
                    .ifPresent(reason -> supervisor.stop(runId, reason));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
