package io.syncmaster.worker.celery;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, for reconnecting to the broker and for pausing after a handler failure.
 * It exists so that a broker or Kubernetes API outage costs neither CPU (no tight retry loop) nor, when many consumers
 * retry together, a thundering herd (the jitter spreads them out).
 *
 * <p>The base delay of attempt {@code n} (1-based) is {@code initial × multiplier^(n-1)}, capped at {@code max}; the
 * actual delay is drawn uniformly from {@code [base/2, base]}.
 */
public record BackoffPolicy(Duration initial, Duration max, double multiplier) {

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than initial backoff " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1, got " + multiplier);
        }
    }

    /** 1 s, doubling, at most 30 s. */
    public static BackoffPolicy defaults() {
        return new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);
    }

    /** The delay before retry number {@code attempt} (1-based), jittered. */
    public Duration delay(int attempt) {
        long base = baseDelay(attempt).toNanos();
        long half = base / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /** The un-jittered upper bound of {@link #delay(int)}. */
    public Duration baseDelay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, attempt - 1);
        long maxNanos = max.toNanos();
        return nanos >= maxNanos ? max : Duration.ofNanos((long) nanos);
    }
}
