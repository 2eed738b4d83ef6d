package io.syncmaster.worker.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The standalone worker's own choices (everything else comes from SyncMaster's settings).
 *
 * @param queues       queue slugs to consume ({@code -Q}), at least one
 * @param concurrency  runs executing at once, at least 1
 * @param gracePeriod  on SIGTERM, how long running runs may continue before they are stopped
 * @param killGrace    between SIGTERM and SIGKILL of a child being stopped
 * @param slotWait     how long a received message may wait for a free slot before going back to RabbitMQ; keep it
 *                     well below RabbitMQ's {@code consumer_timeout} (30 min by default)
 * @param pollInterval stop-signal polling period (at most 2 s keeps the 10 s stop promise)
 * @param stateDir     the run journal and the children's termination-message files
 */
public record WorkerOptions(List<String> queues, int concurrency, Duration gracePeriod, Duration killGrace,
                            Duration slotWait, Duration pollInterval, Path stateDir) {

    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SLOT_WAIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public WorkerOptions {
        queues = List.copyOf(queues);
        if (queues.isEmpty() || queues.stream().anyMatch(q -> q == null || q.isBlank())) {
            throw new IllegalArgumentException("at least one non-empty queue slug is required (-Q slug1[,slug2])");
        }
        if (queues.stream().distinct().count() != queues.size()) {
            throw new IllegalArgumentException("queue slugs must be distinct: " + queues);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        requirePositive(gracePeriod, "grace period", true);
        requirePositive(killGrace, "kill grace", false);
        requirePositive(slotWait, "slot wait", false);
        requirePositive(pollInterval, "poll interval", false);
        Objects.requireNonNull(stateDir, "stateDir");
    }

    /** Defaults for everything but the queues, concurrency and state directory. */
    public static WorkerOptions defaults(List<String> queues, int concurrency, Path stateDir) {
        return new WorkerOptions(queues, concurrency, DEFAULT_GRACE_PERIOD, DEFAULT_KILL_GRACE, DEFAULT_SLOT_WAIT,
                DEFAULT_POLL_INTERVAL, stateDir);
    }

    public WorkerOptions withGracePeriod(Duration value) {
        return new WorkerOptions(queues, concurrency, value, killGrace, slotWait, pollInterval, stateDir);
    }

    public WorkerOptions withKillGrace(Duration value) {
        return new WorkerOptions(queues, concurrency, gracePeriod, value, slotWait, pollInterval, stateDir);
    }

    public WorkerOptions withSlotWait(Duration value) {
        return new WorkerOptions(queues, concurrency, gracePeriod, killGrace, value, pollInterval, stateDir);
    }

    private static void requirePositive(Duration value, String what, boolean zeroAllowed) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ", got " + value);
        }
    }
}
