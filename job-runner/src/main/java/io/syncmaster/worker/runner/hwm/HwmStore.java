package io.syncmaster.worker.runner.hwm;

import java.util.Optional;

/**
 * Where high-water marks of incremental transfers live between runs. SyncMaster uses Horizon
 * ({@link HorizonHwmStore}); the interface keeps the strategy code independent of the REST details.
 * Every method throws {@link HwmStoreException} with a message safe to show (never a credential).
 */
public interface HwmStore extends AutoCloseable {

    /** The stored HWM named {@code name}, empty when there is none. */
    Optional<Hwm> get(String name);

    /** Creates or replaces the HWM of that name. */
    void save(Hwm hwm);

    @Override
    void close();
}
