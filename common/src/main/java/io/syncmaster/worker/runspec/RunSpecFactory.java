package io.syncmaster.worker.runspec;

import io.syncmaster.worker.config.HwmStoreSettings;
import io.syncmaster.worker.config.WorkerSettings;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.TransferRow;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns a loaded run ({@link RunContext}, credentials decrypted by the operator or the standalone worker) into the
 * {@link RunSpec} handed to its job-runner: the one place that decides which of the worker's own secrets a run
 * receives. Today that is {@code worker.spark_session_default_config} for every run and the HWM store's credentials
 * only for runs that need them ({@link #needsHwmStore}).
 */
public final class RunSpecFactory {

    private final WorkerSettings worker;
    private final Supplier<HwmStoreSettings> hwmStore;

    /**
     * @param worker   the worker section (Spark defaults)
     * @param hwmStore the {@code hwm_store} section, read only when a run needs it (a deployment without Horizon
     *                 never validates it)
     */
    public RunSpecFactory(WorkerSettings worker, Supplier<HwmStoreSettings> hwmStore) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.hwmStore = Objects.requireNonNull(hwmStore, "hwmStore");
    }

    public RunSpec build(RunContext context) {
        HwmStoreAccess access = null;
        if (needsHwmStore(context.transfer())) {
            HwmStoreSettings settings = hwmStore.get();
            if (settings.enabled()) {
                access = new HwmStoreAccess(settings.type(), settings.url(), settings.user(), settings.password(),
                        settings.namespace());
            }
        }
        return new RunSpec(context, worker.sparkSessionDefaultConfig(), access);
    }

    /**
     * Whether a run of this transfer talks to the HWM store: an incremental strategy reads and saves its mark, and a
     * full run resets the transfer's mark when there is one (as upstream, hwm-contract §1.9), which only the store can
     * tell. So with {@code hwm_store.enabled} every run of the two strategies receives the store's credentials; the
     * narrower alternative (the operator resets marks itself before a full run) is noted in docs/security.md.
     */
    public static boolean needsHwmStore(TransferRow transfer) {
        String strategy = transfer.strategyParams().path("type").asText("full");
        return "incremental".equals(strategy) || "full".equals(strategy);
    }
}
