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

    /** Wraps {@code error} unless it already is a RunFailure (which keeps its own side). */
    public static RunFailure wrap(FailureSide side, String context, Throwable error) {
        if (error instanceof RunFailure failure) {
            return failure;
        }
        return new RunFailure(side, context + ": " + FailureSummary.describe(error), error);
    }
}
