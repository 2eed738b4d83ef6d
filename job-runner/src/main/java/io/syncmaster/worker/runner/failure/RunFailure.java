package io.syncmaster.worker.runner.failure;

/**
 * A run failure whose message is already safe to show (no secret) and that knows which side failed.
 * Everything the runner throws on purpose is a RunFailure; anything else is classified by {@link FailureSummary}.
 */
public class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FailureSide side;

    public RunFailure(FailureSide side, String message) {
        super(message);
        this.side = side;
    }

    public RunFailure(FailureSide side, String message, Throwable cause) {
        super(message, cause);
        this.side = side;
    }

    public FailureSide side() {
        return side;
    }

    /**
     * Wraps {@code error} unless it is, or was caused by, a RunFailure: that one already knows its side and message
     * (Spark wraps task errors in SparkException, so the RunFailure thrown in a task arrives as a cause).
     */
    public static RunFailure wrap(FailureSide side, String context, Throwable error) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RunFailure failure) {
                return failure;
            }
        }
        return new RunFailure(side, context + ": " + FailureSummary.describe(error), error);
    }
}
