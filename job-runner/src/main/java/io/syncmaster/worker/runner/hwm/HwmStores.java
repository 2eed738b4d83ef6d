package io.syncmaster.worker.runner.hwm;

import java.time.Clock;
import java.util.Optional;

import io.syncmaster.worker.config.HwmStoreSettings;

/**
 * The one place that turns settings into an {@link HwmStore}. The job-runner's credentials may later come from a
 * run spec instead of settings: only this factory then changes.
 */
public final class HwmStores {
    private HwmStores() {
    }

    /** The configured store, or empty when {@code hwm_store.enabled} is false. */
    public static Optional<HwmStore> fromSettings(HwmStoreSettings settings) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        HorizonClient client = new HorizonClient(settings.url(),
                new HorizonClient.Credentials(settings.user(), settings.password()), HorizonClient.Options.defaults(),
                Clock.systemUTC());
        return Optional.of(new HorizonHwmStore(client, settings.namespace()));
    }
}
