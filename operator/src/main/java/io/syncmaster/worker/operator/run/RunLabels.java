package io.syncmaster.worker.operator.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.util.Set;

/** Maps a run's Job or Pod back to its TransferRun through the run id label. */
final class RunLabels {
    private RunLabels() {
    }

    static Set<ResourceID> toPrimary(HasMetadata object) {
        var labels = object.getMetadata().getLabels();
        String runId = labels == null ? null : labels.get(TransferRun.RUN_ID_LABEL);
        if (runId == null || !runId.matches("\\d+")) {
            return Set.of();
        }
        return Set.of(new ResourceID(TransferRun.nameFor(Long.parseLong(runId)), object.getMetadata().getNamespace()));
    }
}
