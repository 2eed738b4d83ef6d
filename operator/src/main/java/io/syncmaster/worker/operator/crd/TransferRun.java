package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One SyncMaster run ({@code run.id}) received from a queue, named {@code run-<id>}. It is the operator's
 * durable, inspectable record of what it is doing for that row: {@code kubectl get transferruns} shows every
 * run, its phase and why it ended.
 */
@Group(SyncWorkerQueue.GROUP)
@Version(SyncWorkerQueue.VERSION)
@ShortNames("tr")
@Categories("syncmaster")
// kubectl shows the columns in this order (Age last); the crd-generator sorts them by JSONPath, so the build puts them
// back in this order (CrdPostProcessor, run at process-classes).
@AdditionalPrinterColumn(name = "Run", jsonPath = ".spec.runId", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".spec.queue", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Started", jsonPath = ".status.startedAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Rows", jsonPath = ".status.summary.rowsWritten", type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@JsonClassDescription("One SyncMaster run (run.id) received from a queue: what the operator does for it and how it ended.")
public class TransferRun extends CustomResource<TransferRunSpec, TransferRunStatus> implements Namespaced {
    /** Label holding the SyncMaster run id on TransferRuns, Jobs and Pods. */
    public static final String RUN_ID_LABEL = "syncmaster.io/run-id";
    /** Label holding the SyncWorkerQueue name on TransferRuns, Jobs and Pods. */
    public static final String QUEUE_LABEL = "syncmaster.io/queue";
    /** Label holding the SyncMaster transfer id on Jobs and Pods. */
    public static final String TRANSFER_ID_LABEL = "syncmaster.io/transfer-id";

    /** The deterministic name of the TransferRun of a run. */
    public static String nameFor(long runId) {
        return "run-" + runId;
    }

    public TransferRunStatus statusOrEmpty() {
        return getStatus() == null ? new TransferRunStatus() : getStatus();
    }

    @Override
    protected TransferRunStatus initStatus() {
        return new TransferRunStatus();
    }
}
