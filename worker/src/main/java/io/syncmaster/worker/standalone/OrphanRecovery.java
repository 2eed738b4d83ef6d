package io.syncmaster.worker.standalone;

import io.syncmaster.worker.db.FinishOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.RunClaimer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes, at start-up, the runs a previous process of this worker left behind (killed with SIGKILL, OOM-killed,
 * host rebooted): every {@link RunJournal} entry is a run this worker claimed or was about to claim.
 *
 * <p>For each entry: a child JVM still alive (same pid and start time) is killed first; normally the watchdog agent
 * already made it exit with its parent. Then the row decides, and only a row that still carries this worker's claim
 * ({@code started_at} equal to the journaled claim time) is written: STARTED becomes the journaled outcome if the
 * previous process had decided one, FAILED otherwise (the transfer was interrupted); SEND_STOP_SIGNAL becomes STOPPED.
 * A CREATED row was never claimed (its message was not acknowledged, RabbitMQ redelivers it); any other row belongs
 * to someone else or is already final. The entry is removed once the row is settled.
 */
public final class OrphanRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final RunJournal journal;
    private final RunRepository runs;
    private final RunListener listener;

    public OrphanRecovery(RunJournal journal, RunRepository runs, RunListener listener) {
        this.journal = journal;
        this.runs = runs;
        this.listener = listener;
    }

    /** Settles every left-over entry; returns the runs whose row was written. Database errors propagate. */
    public List<Long> recover() {
        List<Long> written = new ArrayList<>();
        for (RunJournal.Entry entry : journal.entries()) {
            killLeftoverChild(entry);
            long runId = entry.runId();
            Optional<RunRow> row = runs.find(runId);
            if (row.isEmpty()) {
                LOG.info("Recovery: run {} no longer exists; forgetting it", runId);
            } else if (!RunClaimer.carriesClaim(row.get(), entry.claimTime())) {
                LOG.info("Recovery: run {} is {} and does not carry this worker's claim; leaving it", runId,
                        row.get().status());
            } else if (!row.get().status().isTerminal()) {
                RunStatus status = decide(row.get().status(), entry.outcome());
                String detail = entry.outcome() != null
                        ? "outcome recorded before the previous worker process ended"
                        : "the worker process executing the run ended abruptly (killed?); the transfer was interrupted";
                FinishOutcome outcome = runs.finish(runId, status);
                RunStatus stored = RunSupervisor.storedStatus(outcome);
                LOG.warn("Recovery: run {} was {} when this worker's previous process ended; now {}: {}", runId,
                        row.get().status(), stored, detail);
                listener.onFinished(runId, status, stored, detail);
                written.add(runId);
            }
            journal.remove(runId);
        }
        return written;
    }

    /** The terminal status of an orphaned run whose row is {@code current}. */
    static RunStatus decide(RunStatus current, RunStatus journaledOutcome) {
        if (journaledOutcome != null) {
            return journaledOutcome;
        }
        return current == RunStatus.SEND_STOP_SIGNAL ? RunStatus.STOPPED : RunStatus.FAILED;
    }

    private static void killLeftoverChild(RunJournal.Entry entry) {
        if (entry.pid() == null) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        if (entry.processStart() == null || start.isEmpty()
                || !start.get().truncatedTo(ChronoUnit.SECONDS).equals(entry.processStart().truncatedTo(ChronoUnit.SECONDS))) {
            return; // the pid was reused by another process
        }
        LOG.warn("Recovery: the job-runner of run {} (pid {}) outlived its worker; killing it", entry.runId(), entry.pid());
        handle.get().destroyForcibly();
        try {
            handle.get().onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Recovery: pid {} did not exit within {} s", entry.pid(), KILL_WAIT.toSeconds());
        }
    }
}
