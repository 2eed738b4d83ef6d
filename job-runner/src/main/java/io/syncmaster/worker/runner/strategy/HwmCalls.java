package io.syncmaster.worker.runner.strategy;

import java.util.function.Supplier;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.hwm.HwmStoreException;

/** HWM store calls as run failures: the store's message (already secret-free) with what the run was doing. */
final class HwmCalls {
    private HwmCalls() {
    }

    static <T> T call(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (HwmStoreException e) {
            throw new RunFailure(FailureSide.SETUP, "HWM store: cannot " + doing + ": " + e.getMessage(), e);
        }
    }

    static void run(String doing, Runnable call) {
        call(doing, () -> {
            call.run();
            return null;
        });
    }
}
