package io.syncmaster.worker.operator.dispatch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunSpec;
import io.syncmaster.worker.celery.RunDelivery;
import io.syncmaster.worker.celery.RunDeliveryHandler;
import io.syncmaster.worker.operator.run.RunTimes;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one Celery {@code run_transfer_task} message into the TransferRun {@code run-<id>}. Returning normally
 * lets the consumer ack; an API error propagates, so the message is requeued and nothing is lost. A
 * redelivered message finds its TransferRun already there (409), which is success: no run executes twice.
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
    public void handle(RunDelivery delivery) {
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
        spec.setReceivedAt(RunTimes.format(delivery.receivedAt()));
        run.setSpec(spec);
        try {
            client.resource(run).create();
            LOG.info("Run {} received from queue {} (task {}): TransferRun {} created", runId, delivery.slug(),
                    delivery.task().taskId(), run.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info("Run {} received again from queue {} (task {}, redelivered={}): TransferRun {} already exists",
                    runId, delivery.slug(), delivery.task().taskId(), delivery.redelivered(), run.getMetadata().getName());
        }
    }
}
