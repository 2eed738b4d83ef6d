package io.syncmaster.worker.standalone;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The worker's {@code --concurrency}: at most that many runs execute at once. A consumer that receives a run while
 * every slot is busy blocks here with the message unacknowledged, so further messages stay in RabbitMQ (prefetch 1)
 * instead of piling up in memory. Fair: queues waiting for a slot get one in arrival order.
 */
public final class WorkerSlots {

    private static final long POLL_MILLIS = 200;

    private final int capacity;
    private final Semaphore permits;
    private volatile boolean closed;

    public WorkerSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.permits = new Semaphore(capacity, true);
    }

    /**
     * Takes a slot, waiting at most {@code maxWait}.
     *
     * @throws SlotUnavailableException if none became free in time or the worker is shutting down (the caller hands
     *                                  the message back to RabbitMQ)
     */
    public void acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!closed) {
            if (permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    permits.release();
                    break;
                }
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new SlotUnavailableException("all " + capacity + " slots stayed busy for " + maxWait.toSeconds()
                        + " s; the message goes back to RabbitMQ (consumer_timeout is never reached)");
            }
        }
        throw new SlotUnavailableException("the worker is shutting down; the message goes back to RabbitMQ");
    }

    /** Gives a slot back. */
    public void release() {
        permits.release();
    }

    /** Slots in use now. */
    public int busy() {
        return capacity - permits.availablePermits();
    }

    public int capacity() {
        return capacity;
    }

    /** Makes every current and future {@link #acquire} fail (shutdown). */
    public void close() {
        closed = true;
    }

    /** No slot could be had: the run was not taken over. */
    public static final class SlotUnavailableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public SlotUnavailableException(String message) {
            super(message);
        }
    }
}
