package io.syncmaster.worker.runner.hwm;

import java.time.Clock;
import java.util.Optional;

import io.syncmaster.worker.config.HwmStoreSettings;

/**
 * The one place that turns configuration into an {@link HwmStore}. The job-runner's Horizon credentials come from
 * settings today; when they come from a run spec instead, only the caller of {@link #horizon} changes.
 */
public final class HwmStores {
    private HwmStores() {
    }

    /** The configured store, or empty when {@code hwm_store.enabled} is false. */
    public static Optional<HwmStore> fromSettings(HwmStoreSettings settings) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(horizon(settings.url(), settings.user(), settings.password(), settings.namespace()));
    }

    /** A Horizon store with the Python client's transport defaults (hwm-contract §1.10). */
    public static HwmStore horizon(String url, String user, String password, String namespace) {
        HorizonClient client = new HorizonClient(url, new HorizonClient.Credentials(user, password),
                HorizonClient.Options.defaults(), Clock.systemUTC());
        return new HorizonHwmStore(client, namespace);
    }
}
