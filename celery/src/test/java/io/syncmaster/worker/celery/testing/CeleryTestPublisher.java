package io.syncmaster.worker.celery.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Publishes {@code run_transfer_task} exactly as SyncMaster's server does through Celery 5.6 (contract §2.5):
 * Celery's queue declaration, the default exchange, the 19 headers in order (+ CORRELATION_ID on the HTTP path),
 * the properties and the JSON body. The Python-client interop tests check the same shape against real Celery.
 */
public final class CeleryTestPublisher implements AutoCloseable {
    private final Connection connection;
    private final Channel channel;

    public CeleryTestPublisher(ConnectionFactory factory) throws Exception {
        this.connection = factory.newConnection("celery-test-publisher");
        this.channel = connection.createChannel();
    }

    private final Set<String> declared = new HashSet<>();

    /** Declares the queue the way Celery does before its first publish on a connection ({@code maybe_declare}). */
    public void declare(String slug) throws Exception {
        if (!declared.add(slug)) {
            return;
        }
        channel.exchangeDeclare(slug, "direct", true, false, false, Map.of());
        channel.queueDeclare(slug, true, false, false, Map.of());
        channel.queueBind(slug, slug, slug, Map.of());
    }

    /** Sends {@code run_transfer_task(run_id=runId)} exactly as the server does; returns the task id. */
    public String sendRun(String slug, long runId, String correlationIdHeader) throws Exception {
        String taskId = UUID.randomUUID().toString();
        publishRaw(slug, CeleryMessages.protocol2Headers(taskId, runId, correlationIdHeader), "application/json",
                CeleryMessages.protocol2Body(runId), taskId);
        return taskId;
    }

    /** Publishes any body with Celery's properties (for malformed-message tests). */
    public void publishRaw(String slug, Map<String, Object> headers, String contentType, byte[] body, String taskId) throws Exception {
        declare(slug);
        AMQP.BasicProperties props = CeleryMessages.protocol2Properties(taskId, headers).contentType(contentType).build();
        channel.basicPublish("", slug, false, props, body);
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public void close() throws Exception {
        channel.close();
        connection.close();
    }
}
