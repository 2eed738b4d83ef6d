package io.syncmaster.worker.operator.run;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The one place a TransferRun's status is written: applies a change, stamps the observed generation on the status
 * and on new conditions, and updates the resource and the informer cache together, so the next observation already
 * sees what this step wrote ("status is written before acting", design §3).
 */
final class RunStatusWriter {

    private RunStatusWriter() {
    }

    /** Writes {@code change} into the run's status; returns the resource as stored. */
    static TransferRun write(TransferRun run, Context<TransferRun> context, Consumer<TransferRunStatus> change) {
        UnaryOperator<TransferRun> modifier = r -> {
            if (r.getStatus() == null) {
                r.setStatus(new TransferRunStatus());
            }
            change.accept(r.getStatus());
            Long generation = r.getMetadata().getGeneration();
            r.getStatus().setObservedGeneration(generation);
            r.getStatus().getConditions().stream().filter(c -> c.getObservedGeneration() == null)
                    .forEach(c -> c.setObservedGeneration(generation));
            return r;
        };
        return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(run, context, modifier);
    }
}
