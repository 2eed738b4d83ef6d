package io.syncmaster.worker.runner.strategy;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.hwm.Hwm;
import io.syncmaster.worker.runner.hwm.HwmStore;
import io.syncmaster.worker.runner.transfer.TransferStrategy;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * Strategy full with the HWM store enabled (hwm-contract §1.9): before reading, an HWM of this transfer that holds
 * a value is reset (value null, or {@code []} for file lists; the type stays) and saved, so that switching back to
 * incremental starts over with a full read that replaces the target. Then everything is read and replaces the
 * target. Unlike upstream, a column HWM of 0 counts as a value and is reset too.
 */
public final class FullStrategy implements TransferStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(FullStrategy.class);

    private final HwmStore store;
    private final String hwmName;

    public FullStrategy(HwmStore store, String hwmName) {
        this.store = store;
        this.hwmName = hwmName;
    }

    @Override
    public Decision begin(RunEnvironment env, Source source, Transformations transformations) {
        Optional<Hwm> stored = HwmCalls.call("read HWM '" + hwmName + "'", () -> store.get(hwmName));
        if (stored.isPresent() && stored.get().hasValue()) {
            Hwm reset = stored.get().reset();
            HwmCalls.run("reset HWM '" + hwmName + "'", () -> store.save(reset));
            LOG.info("Strategy full: HWM '{}' reset (it was {})", hwmName, stored.get().type().encode(stored.get().value()));
        }
        return new Decision(new ReadScope.All(), WriteMode.REPLACE);
    }
}
