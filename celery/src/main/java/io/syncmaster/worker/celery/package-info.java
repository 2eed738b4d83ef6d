/**
 * RabbitMQ side of the worker: reads the Celery messages SyncMaster's server and scheduler publish
 * ({@code run_transfer_task}, contract §2), declares the queue exactly as Celery does, and hands each valid run request
 * to a {@link io.syncmaster.worker.celery.RunDeliveryHandler} with at-least-once delivery. Invalid messages are
 * parked unchanged in {@code <slug>.invalid}. Shared by the Kubernetes operator and the standalone worker; nothing here
 * knows about Kubernetes.
 */
package io.syncmaster.worker.celery;
