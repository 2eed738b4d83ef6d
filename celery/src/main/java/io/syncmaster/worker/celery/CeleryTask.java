package io.syncmaster.worker.celery;

import java.util.Objects;

/**
 * One decoded {@code run_transfer_task} Celery message: the only thing SyncMaster's server and scheduler ever publish
 * (contract §2.4). It exists so that the rest of the worker never looks at AMQP frames or Celery's two wire protocols.
 *
 * @param taskId              Celery task id (protocol 2: the {@code id} header, which equals the AMQP {@code correlation_id};
 *                            protocol 1: the body's {@code id})
 * @param taskName            always {@value CeleryMessageDecoder#RUN_TRANSFER_TASK} for a decoded message
 * @param runId               the {@code run.id} row to execute, strictly positive
 * @param correlationIdHeader the HTTP request's correlation id copied by asgi-correlation-id into the {@code CORRELATION_ID}
 *                            header, or {@code null} (scheduler messages carry none)
 * @param protocol            Celery message protocol, 1 or 2
 */
public record CeleryTask(String taskId, String taskName, long runId, String correlationIdHeader, int protocol) {

    public CeleryTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskName, "taskName");
        if (runId <= 0) {
            throw new IllegalArgumentException("runId must be positive, got " + runId);
        }
        if (protocol != 1 && protocol != 2) {
            throw new IllegalArgumentException("protocol must be 1 or 2, got " + protocol);
        }
    }
}
