package io.syncmaster.worker.standalone;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run this worker owns: reserved when its message arrives (so a duplicate delivery is recognised), then claimed,
 * then executing in its child JVM until the child exits and the final status is written.
 */
final class ActiveRun {
    private final long runId;
    private final String slug;
    private final String taskId;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final List<Thread> outputPumps = new CopyOnWriteArrayList<>();
    private volatile Process process;
    private volatile Path terminationLog;
    private volatile Path runSpec;
    private volatile Instant claimTime;

    ActiveRun(long runId, String slug, String taskId) {
        this.runId = runId;
        this.slug = slug;
        this.taskId = taskId;
    }

    long runId() {
        return runId;
    }

    String slug() {
        return slug;
    }

    String taskId() {
        return taskId;
    }

    Instant claimTime() {
        return claimTime;
    }

    void claimedAt(Instant time) {
        this.claimTime = time;
    }

    /** The child, once started; null while the run is only reserved. */
    Process process() {
        return process;
    }

    Path terminationLog() {
        return terminationLog;
    }

    /** The child's run spec file (deleted when the run ends), or null. */
    Path runSpec() {
        return runSpec;
    }

    void attach(Process child, Path log, Path spec) {
        this.terminationLog = log;
        this.runSpec = spec;
        this.process = child;
    }

    void addOutputPump(Thread pump) {
        outputPumps.add(pump);
    }

    /** Waits (bounded) until the child's output has been logged completely. */
    void awaitOutput(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread pump : outputPumps) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                pump.join(left);
            }
        }
    }

    /** Records why the worker stops this run; true only for the first request. */
    boolean requestStop(String reason) {
        return stopReason.compareAndSet(null, reason);
    }

    /** Why the worker stopped the run, or null. */
    String stopReason() {
        return stopReason.get();
    }

    @Override
    public String toString() {
        return "ActiveRun[run=" + runId + ", queue=" + slug + ", task=" + taskId
                + (process == null ? "" : ", pid=" + process.pid()) + "]";
    }
}
