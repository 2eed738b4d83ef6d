package io.syncmaster.worker.runner.strategy;

import java.util.function.Supplier;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.hwm.Hwm;
import io.syncmaster.worker.runner.hwm.HwmStore;
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

    /**
     * Saves {@code hwm} after the target write committed. A failure here leaves committed rows behind an HWM that
     * did not advance, so the message says what the next run will read again.
     *
     * @param committed what the write committed, e.g. "11 row(s) of the window NUMBER (16, 27]"
     * @param again     what the next run reads again, e.g. "this window"
     */
    static void saveAfterWrite(HwmStore store, Hwm hwm, String committed, String again) {
        try {
            store.save(hwm);
        } catch (RuntimeException e) {
            throw new RunFailure(FailureSide.SETUP, "HWM store: the target write committed " + committed + ", but saving HWM '"
                    + hwm.name() + "' = " + hwm.type().encode(hwm.value()) + " failed: " + e.getMessage() + ". The next run"
                    + " reads " + again + " again (its rows would be duplicated in the target) unless the HWM is set in"
                    + " Horizon first", e);
        }
    }

    static void run(String doing, Runnable call) {
        call(doing, () -> {
            call.run();
            return null;
        });
    }
}
