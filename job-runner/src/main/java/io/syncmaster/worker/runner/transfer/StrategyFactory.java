package io.syncmaster.worker.runner.transfer;

/**
 * Builds the {@link TransferStrategy} of one run from its plan ({@code strategy_params}); the HWM store and its
 * settings live behind it. The default knows only strategy full.
 */
@FunctionalInterface
public interface StrategyFactory {
    TransferStrategy create(TransferPlan plan);

    static StrategyFactory fullOnly() {
        return plan -> TransferStrategy.full();
    }
}
