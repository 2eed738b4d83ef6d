package io.syncmaster.worker.standalone;

import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the worker reports, and the highest number of runs executing at once. */
final class RecordingRunListener implements RunListener {

    record Finished(long runId, RunStatus status, RunStatus stored, String detail, Instant at) {
    }

    final List<RunRow> started = new CopyOnWriteArrayList<>();
    final List<Long> skipped = new CopyOnWriteArrayList<>();
    final List<Finished> finished = new CopyOnWriteArrayList<>();
    private final AtomicInteger executing = new AtomicInteger();
    private final AtomicInteger maxExecuting = new AtomicInteger();

    @Override
    public void onStarted(RunRow claimed) {
        started.add(claimed);
        maxExecuting.accumulateAndGet(executing.incrementAndGet(), Math::max);
    }

    @Override
    public void onSkipped(long runId, String reason) {
        skipped.add(runId);
    }

    @Override
    public void onFinished(long runId, RunStatus status, RunStatus stored, String detail) {
        if (started.stream().anyMatch(r -> r.id() == runId)) {
            executing.decrementAndGet();
        }
        finished.add(new Finished(runId, status, stored, detail, Instant.now()));
    }

    int maxExecuting() {
        return maxExecuting.get();
    }

    Optional<Finished> finishedRun(long runId) {
        return finished.stream().filter(f -> f.runId() == runId).findFirst();
    }

    /** Waits for the run's final report. */
    Finished awaitFinished(long runId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Finished> f = finishedRun(runId);
            if (f.isPresent()) {
                return f.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not finish within " + timeout + "; finished: " + finished);
    }

    /** Waits until the run's child reported itself started. */
    RunRow awaitStarted(long runId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<RunRow> row = started.stream().filter(r -> r.id() == runId).findFirst();
            if (row.isPresent()) {
                return row.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not start within " + timeout);
    }
}
