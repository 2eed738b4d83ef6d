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
 * One SyncMaster queue (by its slug) that this operator consumes from RabbitMQ. Declaring it is what
 * replaces starting {@code celery worker -Q <slug>}: the operator opens a consumer, turns every task into a
 * {@link TransferRun} and runs it with the queue's {@link RunTemplate}.
 */
@Group(SyncWorkerQueue.GROUP)
@Version(SyncWorkerQueue.VERSION)
@ShortNames("swq")
@Categories("syncmaster")
// kubectl shows the columns in this order (Age last); the crd-generator sorts them by JSONPath, so the build puts them
// back in this order (CrdPostProcessor, run at process-classes).
@AdditionalPrinterColumn(name = "Slug", jsonPath = ".spec.slug", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Queued", jsonPath = ".status.runs.queued", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.runs.running", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Max", jsonPath = ".spec.maxConcurrentRuns", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription("One SyncMaster queue (queue.slug) the operator consumes, and how its runs are executed.")
public class SyncWorkerQueue extends CustomResource<SyncWorkerQueueSpec, SyncWorkerQueueStatus> implements Namespaced {
    public static final String GROUP = "syncmaster.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected SyncWorkerQueueStatus initStatus() {
        return new SyncWorkerQueueStatus();
    }
}
