package io.syncmaster.worker.operator.health;

/**
 * One named probe of the operator's health: informers, the database, the broker. Implementations must be fast
 * (they run on every probe request) and must never throw.
 */
@FunctionalInterface
public interface HealthCheck {

    /** The probe's result; {@code detail} is shown in the probe's response body. */
    record Result(boolean healthy, String detail) {
        public static Result ok(String detail) {
            return new Result(true, detail);
        }

        public static Result failing(String detail) {
            return new Result(false, detail);
        }
    }

    Result check();
}
