package io.syncmaster.worker.demo;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.celery.CeleryTaskMessage;
import io.syncmaster.worker.celery.CeleryTopology;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes {@code run_transfer_task(run_id=N)} the way SyncMaster's server does through Celery 5.6 (contract §2.4,
 * §2.5): Celery's queue declaration, the default exchange with the slug as routing key, the protocol-2 headers in
 * Celery's order (plus {@code CORRELATION_ID} as the HTTP path adds it), persistent delivery, and the JSON body
 * {@code [[], {"run_id": N}, {...}]}. The demo uses it because it has no Python.
 */
final class CeleryTaskPublisher implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;

    CeleryTaskPublisher(ConnectionFactory factory) throws Exception {
        this.connection = factory.newConnection("syncmaster-demo server");
        this.channel = connection.createChannel();
        channel.confirmSelect();
    }

    /** Sends the task; returns the Celery task id. */
    String sendRunTransferTask(String slug, long runId, String correlationId) throws Exception {
        CeleryTopology.declareTaskQueue(channel, slug); // Celery's maybe_declare before the first publish
        String taskId = UUID.randomUUID().toString();
        Map<String, Object> headers = CeleryTaskMessage.protocol2Headers(taskId, runId, correlationId,
                "gen" + ProcessHandle.current().pid() + "@syncmaster-demo");
        AMQP.BasicProperties properties = CeleryTaskMessage.protocol2Properties(taskId, UUID.randomUUID().toString(), headers).build();
        channel.basicPublish("", slug, false, properties, CeleryTaskMessage.protocol2Body(runId));
        channel.waitForConfirmsOrDie(10_000);
        return taskId;
    }

    @Override
    public void close() throws Exception {
        channel.close();
        connection.close();
    }
}
