package io.syncmaster.worker.db;

/**
 * The result of {@link RunRepository#finish}: idempotent, a terminal status is never overwritten.
 */
public sealed interface FinishOutcome
        permits FinishOutcome.Updated, FinishOutcome.AlreadyFinal, FinishOutcome.NotFound {

    /** The row now holds the requested terminal status and {@code ended_at}. */
    record Updated(RunRow row) implements FinishOutcome { }

    /** The row already had a terminal status ({@code current}); nothing was written. */
    record AlreadyFinal(RunStatus current) implements FinishOutcome { }

    /** No run with this id (e.g. deleted with its transfer); nothing to write. */
    record NotFound() implements FinishOutcome { }
}
