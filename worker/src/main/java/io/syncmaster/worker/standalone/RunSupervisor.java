package io.syncmaster.worker.standalone;

import io.syncmaster.worker.celery.BackoffPolicy;
import io.syncmaster.worker.celery.CeleryTask;
import io.syncmaster.worker.celery.RunDelivery;
import io.syncmaster.worker.celery.RunDeliveryHandler;
import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.DatabaseException;
import io.syncmaster.worker.db.FinishOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.db.TransferLoadException;
import io.syncmaster.worker.lifecycle.CorrelationIds;
import io.syncmaster.worker.lifecycle.RunClaimer;
import io.syncmaster.worker.lifecycle.RunOutcome;
import io.syncmaster.worker.runspec.RunPreparation;
import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.template.LogUrlTemplate;
import io.syncmaster.worker.text.StatusText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Executes runs for the standalone worker: the {@link RunDeliveryHandler} of every queue consumer, and the owner of
 * every child JVM.
 *
 * <p>Per message: wait for a free slot (the message stays unacknowledged meanwhile), record the claim intent in the
 * {@link RunJournal}, claim the row with the shared conditional UPDATE and log URL rendering, start the child, and
 * return, so the consumer acks only once the run is durably ours. A run that is SEND_STOP_SIGNAL when we try to claim
 * it becomes STOPPED; one that is gone or not CREATED is skipped, its row untouched. When the child exits, its exit
 * code, the stop request if any and its termination message decide the terminal status ({@link RunOutcome}), which
 * is recorded in the journal, then written with the shared monotonic finish, retried while the database is down.
 *
 * <p>Thread-safe: consumers call {@link #handle} concurrently (one delivery at a time per queue).
 */
public final class RunSupervisor implements RunDeliveryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RunSupervisor.class);
    /** Where the children's stdout and stderr go, line by line, with the run id in the MDC. */
    private static final Logger CHILD_LOG = LoggerFactory.getLogger("io.syncmaster.worker.job-runner");
    private static final int MAX_LINE = 8192;
    private static final int EXIT_SIGINT = 130;
    private static final int EXIT_SIGTERM = 143;
    private static final Duration MAX_DB_RETRY_PAUSE = Duration.ofSeconds(5);

    private final RunRepository runs;
    private final RunClaimer claimer;
    private final LogUrlTemplate logUrl;
    private final ChildLauncher launcher;
    private final RunPreparation preparation;
    private final RunSpecFiles runSpecs;
    private final RunJournal journal;
    private final WorkerSlots slots;
    private final RunListener listener;
    private final Clock clock;
    private final Path terminationLogs;
    private final Duration slotWait;
    private final Duration killGrace;
    private final BackoffPolicy retryBackoff = BackoffPolicy.defaults();
    private final Map<Long, ActiveRun> active = new ConcurrentHashMap<>();
    private final ExecutorService completions = Executors.newCachedThreadPool(daemon("run-completion"));
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(daemon("run-killer"));
    private volatile boolean accepting = true;
    /** Set at shutdown: final-status writes stop retrying after it (the journal keeps them for the next start). */
    private volatile Instant retryDeadline;

    /**
     * @param dataSource      SyncMaster's database
     * @param logUrl          {@code worker.log_url_template}
     * @param preparation     the check before a claim and the run spec after it
     * @param launcher        starts a run's child
     * @param journal         this worker's record of owned runs
     * @param slots           the concurrency limit
     * @param listener        progress observer
     * @param clock           time source of the claim and finish timestamps
     * @param terminationLogs directory for the children's termination-message files
     * @param slotWait        how long a message may wait for a free slot before going back to RabbitMQ
     * @param killGrace       between SIGTERM and SIGKILL when stopping a child
     */
    public RunSupervisor(DataSource dataSource, LogUrlTemplate logUrl, RunPreparation preparation,
                         ChildLauncher launcher, RunJournal journal, WorkerSlots slots, RunListener listener, Clock clock,
                         Path terminationLogs, Duration slotWait, Duration killGrace) throws IOException {
        Objects.requireNonNull(dataSource, "dataSource");
        this.runs = new RunRepository(dataSource, clock);
        this.claimer = new RunClaimer(dataSource, clock);
        this.logUrl = Objects.requireNonNull(logUrl, "logUrl");
        this.preparation = Objects.requireNonNull(preparation, "preparation");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.terminationLogs = Files.createDirectories(terminationLogs);
        this.runSpecs = RunSpecFiles.open(terminationLogs.resolveSibling("run-specs"));
        this.slotWait = Objects.requireNonNull(slotWait, "slotWait");
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
    }

    // ------------------------------------------------------------------------------------------------ deliveries

    @Override
    public void handle(RunDelivery delivery) throws Exception {
        CeleryTask task = delivery.task();
        long runId = task.runId();
        if (!accepting) {
            throw new IllegalStateException("the worker is shutting down; run " + runId + " goes back to RabbitMQ");
        }
        ActiveRun reserved = new ActiveRun(runId, delivery.slug(), task.taskId());
        if (active.putIfAbsent(runId, reserved) != null) {
            LOG.info("Run {} is already executing in this worker; duplicate message (task {}) dropped", runId,
                    task.taskId());
            listener.onSkipped(runId, "already executing in this worker");
            return;
        }
        boolean started = false;
        try {
            slots.acquire(slotWait);
            try {
                started = claimAndStart(reserved, task);
            } finally {
                if (!started) {
                    slots.release();
                }
            }
        } finally {
            if (!started) {
                active.remove(runId, reserved);
            }
        }
    }

    /** Returns true if a child now executes the run (the slot stays taken until it ends). */
    private boolean claimAndStart(ActiveRun run, CeleryTask task) {
        long runId = run.runId();
        ClaimOutcome outcome;
        if (journal.find(runId).isEmpty()) {
            // Before any claim intent: a run this worker cannot execute goes CREATED -> FAILED and no child starts.
            // A DatabaseException propagates (the message is requeued; nothing was written).
            Optional<String> refusal = preparation.refusal(runId);
            if (refusal.isPresent()) {
                outcome = runs.refuse(runId, StatusText.bounded(refusal.get()));
                return ended(run, task, outcome);
            }
        }
        String correlationId = CorrelationIds.orNew(task.correlationIdHeader());
        // Intent first (the journal): a redelivery after a database error recognises a claim that did commit.
        outcome = claimer.claim(runId, journal.claimIntents(run.slug(), run.taskId()),
                row -> logUrl.render(row, correlationId));
        if (outcome instanceof ClaimOutcome.Claimed claimed) {
            run.claimedAt(claimed.row().startedAt().toInstant().truncatedTo(ChronoUnit.MICROS));
            return startChild(run, claimed.row());
        }
        return ended(run, task, outcome);
    }

    /** The run was not claimed ({@code outcome}): records why; always false (no child runs). */
    private boolean ended(ActiveRun run, CeleryTask task, ClaimOutcome outcome) {
        long runId = run.runId();
        journal.remove(runId);
        if (outcome instanceof ClaimOutcome.NotClaimable notClaimable
                && notClaimable.current() == RunStatus.SEND_STOP_SIGNAL) {
            LOG.info("Run {} was stopped before it started; marking it STOPPED", runId);
            RunStatus stored = storedStatus(runs.finish(runId, RunStatus.STOPPED));
            listener.onFinished(runId, RunStatus.STOPPED, stored, "the run was stopped before it started");
        } else if (outcome instanceof ClaimOutcome.Rejected rejected) {
            LOG.warn("Run {} cannot start: {}; it is FAILED", runId, rejected.reason());
            listener.onFinished(runId, RunStatus.FAILED, RunStatus.FAILED, rejected.reason());
        } else {
            String reason = outcome instanceof ClaimOutcome.NotClaimable n
                    ? "run is " + n.current() + ", not CREATED: another worker took it or it already ended"
                    : "run not found (deleted with its transfer?)";
            LOG.info("Run {} not executed: {}; message (task {}) acknowledged", runId, reason, task.taskId());
            listener.onSkipped(runId, reason);
        }
        return false;
    }

    private boolean startChild(ActiveRun run, RunRow claimed) {
        long runId = run.runId();
        Path terminationLog = terminationLogs.resolve("run-" + runId + ".termination-log");
        Process process;
        Path runSpec = null;
        try {
            // A DatabaseException propagates: the message is requeued and the journal's claim resumes the run.
            RunSpec spec = preparation.spec(runId);
            runSpec = runSpecs.write(spec);
            Files.deleteIfExists(terminationLog);
            process = launcher.start(runId, runSpec, terminationLog);
        } catch (IOException | TransferLoadException e) {
            runSpecs.delete(runSpec);
            String reason = StatusText.bounded("the worker could not start the job-runner: " + e.getMessage());
            LOG.error("Run {}: {}", runId, reason);
            RunStatus stored = finishRecorded(runId, new RunOutcome(RunStatus.FAILED, reason));
            listener.onFinished(runId, RunStatus.FAILED, stored, reason);
            return false;
        } catch (RuntimeException e) {
            runSpecs.delete(runSpec);
            throw e;
        }
        run.attach(process, terminationLog, runSpec);
        journal.recordProcess(runId, process.pid(), process.info().startInstant().orElse(null));
        run.addOutputPump(pump(process.getInputStream(), runId, false));
        run.addOutputPump(pump(process.getErrorStream(), runId, true));
        LOG.info("Run {} claimed (task {}, queue '{}'): job-runner pid {}, log_url '{}'", runId, run.taskId(),
                run.slug(), process.pid(), claimed.logUrl());
        listener.onStarted(claimed);
        process.onExit().thenRunAsync(() -> complete(run), completions);
        return true;
    }

    private Thread pump(InputStream stream, long runId, boolean stderr) {
        Thread thread = new Thread(() -> {
            MDC.put("run_id", Long.toString(runId));
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String text = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
                    if (stderr) {
                        CHILD_LOG.warn("[run {}] {}", runId, text);
                    } else {
                        CHILD_LOG.info("[run {}] {}", runId, text);
                    }
                }
            } catch (IOException e) {
                LOG.debug("output of run {} ended: {}", runId, e.toString());
            } finally {
                MDC.remove("run_id");
            }
        }, "run-" + runId + (stderr ? "-stderr" : "-stdout"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    // ------------------------------------------------------------------------------------------------ completion

    private void complete(ActiveRun run) {
        long runId = run.runId();
        MDC.put("run_id", Long.toString(runId));
        try {
            int exitCode = run.process().exitValue();
            if (!accepting && (exitCode == EXIT_SIGINT || exitCode == EXIT_SIGTERM)) {
                // the signal that stops the worker reached the child too (Ctrl-C, systemd's control-group kill)
                run.requestStop("the job-runner was interrupted by a signal while the worker shut down");
            }
            run.awaitOutput(2000);
            String message = readTerminationLog(run.terminationLog());
            RunOutcome outcome = RunOutcome.decide(exitCode, run.stopReason(), message);
            switch (outcome.status()) {
                case FINISHED -> LOG.info("Run {} finished (exit 0)", runId);
                case STOPPED -> LOG.info("Run {} stopped (exit {}): {}", runId, exitCode, outcome.detail());
                default -> LOG.warn("Run {} failed (exit {}): {}", runId, exitCode, outcome.detail());
            }
            RunStatus stored = finishRecorded(runId, outcome);
            listener.onFinished(runId, outcome.status(), stored, outcome.detail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Run {}: completion failed; the journal keeps it for the next start", runId, e);
        } finally {
            deleteQuietly(run.terminationLog());
            runSpecs.delete(run.runSpec());
            active.remove(runId, run);
            slots.release();
            MDC.remove("run_id");
        }
    }

    /**
     * Journals the outcome, then writes it (monotonic: a status someone else made terminal is kept), retrying while
     * the database is unavailable. Returns the status the row holds afterwards, or null (row gone, or not written
     * before the shutdown deadline: the journal keeps it).
     */
    private RunStatus finishRecorded(long runId, RunOutcome outcome) {
        journal.recordOutcome(runId, outcome.status());
        for (int attempt = 1; ; attempt++) {
            try {
                RunStatus stored = storedStatus(runs.finish(runId, outcome.status()));
                journal.remove(runId);
                return stored;
            } catch (DatabaseException e) {
                Instant deadline = retryDeadline;
                if (deadline != null && clock.instant().isAfter(deadline)) {
                    LOG.error("Run {}: could not write {} before shutdown ({}); the next start of this worker writes it",
                            runId, outcome.status(), e.getMessage());
                    return null;
                }
                Duration pause = retryBackoff.delay(attempt);
                pause = pause.compareTo(MAX_DB_RETRY_PAUSE) > 0 ? MAX_DB_RETRY_PAUSE : pause;
                LOG.warn("Run {}: cannot write {} yet (attempt {}): {}; retrying in {} ms", runId, outcome.status(),
                        attempt, e.getMessage(), pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            } catch (IllegalStateException e) {
                LOG.error("Run {}: {} cannot be written: {}", runId, outcome.status(), e.getMessage());
                journal.remove(runId);
                return null;
            }
        }
    }

    static RunStatus storedStatus(FinishOutcome outcome) {
        if (outcome instanceof FinishOutcome.Updated updated) {
            return updated.row().status();
        }
        if (outcome instanceof FinishOutcome.AlreadyFinal already) {
            return already.current();
        }
        return null;
    }

    private static String readTerminationLog(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(RunOutcome.MAX_DETAIL + 1), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ stopping

    /** Ids of the runs whose child is executing (the stop-signal poller watches these rows). */
    public List<Long> executingRunIds() {
        return active.values().stream().filter(r -> r.process() != null).map(ActiveRun::runId).toList();
    }

    /** Runs owned right now (reserved, claimed or executing). */
    public int activeCount() {
        return active.size();
    }

    /**
     * Stops a run's child: SIGTERM (Spark's shutdown hooks run), SIGKILL after the kill grace. The run ends STOPPED
     * unless the child still exits 0. No-op if the run is not executing here or is already being stopped.
     */
    public void stop(long runId, String reason) {
        ActiveRun run = active.get(runId);
        if (run == null || run.process() == null || !run.process().isAlive() || !run.requestStop(reason)) {
            return;
        }
        Process process = run.process();
        LOG.info("Stopping run {} (pid {}): {}", runId, process.pid(), reason);
        listener.onStopping(runId, reason);
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        killer.schedule(() -> {
            if (process.isAlive()) {
                LOG.warn("Run {}: the job-runner ignored SIGTERM for {} s; killing it", runId, killGrace.toSeconds());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }, killGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops every executing run. */
    public void stopAll(String reason) {
        for (Long runId : executingRunIds()) {
            stop(runId, reason);
        }
    }

    /** Refuses new runs from now on: waiting and future deliveries go back to RabbitMQ. */
    public void stopAccepting() {
        accepting = false;
        slots.close();
    }

    /** Waits until no run is active, at most {@code timeout}; true if none is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!active.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** From now on, final-status writes give up after {@code deadline} instead of retrying forever. */
    public void limitRetriesUntil(Instant deadline) {
        this.retryDeadline = deadline;
    }

    /** Stops the helper threads (call after the runs ended). */
    public void close() {
        killer.shutdownNow();
        completions.shutdown();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover termination message is harmless
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
