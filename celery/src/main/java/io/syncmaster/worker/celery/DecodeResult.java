package io.syncmaster.worker.celery;

import java.util.Objects;

/**
 * Outcome of {@link CeleryMessageDecoder#decode}: either a task to run or the precise reason the message cannot be one.
 * A sealed result (rather than an exception) because an invalid message is an expected, routine input that the consumer
 * parks and acknowledges.
 */
public sealed interface DecodeResult permits DecodeResult.Valid, DecodeResult.Invalid {

    /** The message is a well-formed {@code run_transfer_task} call. */
    record Valid(CeleryTask task) implements DecodeResult {
        public Valid {
            Objects.requireNonNull(task, "task");
        }
    }

    /** The message cannot be executed; {@code reason} names what is wrong in one line. */
    record Invalid(String reason) implements DecodeResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
