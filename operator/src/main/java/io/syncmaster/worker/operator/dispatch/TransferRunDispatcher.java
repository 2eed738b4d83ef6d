package io.syncmaster.worker.operator.dispatch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunSpec;
import io.syncmaster.worker.celery.CeleryTopology;
import io.syncmaster.worker.celery.RunDelivery;
import io.syncmaster.worker.celery.RunDeliveryHandler;
import io.syncmaster.worker.celery.UnacceptableRunException;
import io.syncmaster.worker.operator.kube.ApiTimes;
import io.syncmaster.worker.text.StatusText;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one Celery {@code run_transfer_task} message into the TransferRun {@code run-<id>}. Returning normally
 * lets the consumer ack; an API error propagates, so the message is requeued and nothing is lost. A
 * redelivered message finds its TransferRun already there (409), which is success: no run executes twice. A
 * TransferRun the API server refuses as invalid, or a run id reused by another task, is parked (never requeued
 * forever).
 */
public final class TransferRunDispatcher implements RunDeliveryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TransferRunDispatcher.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String queueName;

    public TransferRunDispatcher(KubernetesClient client, SyncWorkerQueue queue) {
        this.client = client;
        this.namespace = queue.getMetadata().getNamespace();
        this.queueName = queue.getMetadata().getName();
    }

    @Override
    public void handle(RunDelivery delivery) throws UnacceptableRunException {
        long runId = delivery.task().runId();
        TransferRun run = new TransferRun();
        run.getMetadata().setName(TransferRun.nameFor(runId));
        run.getMetadata().setNamespace(namespace);
        run.getMetadata().setLabels(Map.of(
                TransferRun.RUN_ID_LABEL, String.valueOf(runId),
                TransferRun.QUEUE_LABEL, queueName));
        TransferRunSpec spec = new TransferRunSpec();
        spec.setRunId(runId);
        spec.setQueue(queueName);
        spec.setSlug(delivery.slug());
        spec.setTaskId(delivery.task().taskId());
        spec.setCorrelationId(delivery.task().correlationIdHeader());
        spec.setReceivedAt(ApiTimes.microTime(delivery.receivedAt()));
        run.setSpec(spec);
        try {
            client.resource(run).create();
            LOG.info("Run {} received from queue {} (task {}): TransferRun {} created", runId, delivery.slug(),
                    delivery.task().taskId(), run.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 || e.getCode() == 422) {
                // The API server will refuse this TransferRun every time (schema, CEL rule, webhook): park, never loop.
                throw new UnacceptableRunException("the API server refused TransferRun " + run.getMetadata().getName()
                        + " (HTTP " + e.getCode() + "): " + StatusText.bounded(apiMessage(e), 512));
            }
            if (e.getCode() != 409) {
                throw e;
            }
            alreadyThere(delivery, run.getMetadata().getName());
        }
    }

    /**
     * A TransferRun of this run id exists. The same task (a redelivery) or a run still in progress is the normal,
     * harmless duplicate. A finished TransferRun of another task means the id was reused (SyncMaster's database
     * restored from a backup): acking would silently lose the new run, so the message is parked with the reason.
     */
    private void alreadyThere(RunDelivery delivery, String name) throws UnacceptableRunException {
        long runId = delivery.task().runId();
        TransferRun existing = client.resources(TransferRun.class).inNamespace(namespace).withName(name).get();
        String existingTask = existing == null || existing.getSpec() == null ? null : existing.getSpec().getTaskId();
        boolean finished = existing != null && existing.getStatus() != null && existing.getStatus().getPhase() != null
                && existing.getStatus().getPhase().isTerminal();
        if (existing != null && finished && !Objects.equals(existingTask, delivery.task().taskId())) {
            throw new UnacceptableRunException("TransferRun " + name + " already exists for another task (" + existingTask
                    + ") and has finished: the run id was reused (SyncMaster's database restored from a backup?); delete"
                    + " the old TransferRun and republish the message from " + CeleryTopology.parkingQueueName(delivery.slug()));
        }
        LOG.info("Run {} received again from queue {} (task {}, redelivered={}): TransferRun {} already exists (task {})",
                runId, delivery.slug(), delivery.task().taskId(), delivery.redelivered(), name, existingTask);
    }

    private static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
