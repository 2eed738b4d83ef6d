package io.syncmaster.worker.operator.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final java.util.Set<String> declared = new java.util.HashSet<>();

    /** Declares the queue the way Celery does before its first publish on a connection ({@code maybe_declare}). */
    public void declare(String slug) throws Exception {
        if (!declared.add(slug)) {
            return;
        }
        channel.exchangeDeclare(slug, "direct", true, false, false, Map.of());
        channel.queueDeclare(slug, true, false, false, Map.of());
        channel.queueBind(slug, slug, slug, Map.of());
    }

    /** Sends {@code run_transfer_task(run_id=runId)}; returns the task id. */
    public String sendRun(String slug, long runId, String correlationIdHeader) throws Exception {
        String taskId = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("lang", "py");
        headers.put("task", "run_transfer_task");
        headers.put("id", taskId);
        headers.put("shadow", null);
        headers.put("eta", null);
        headers.put("expires", null);
        headers.put("group", null);
        headers.put("group_index", null);
        headers.put("retries", 0);
        headers.put("timelimit", Arrays.asList(null, null));
        headers.put("root_id", taskId);
        headers.put("parent_id", null);
        headers.put("argsrepr", "()");
        headers.put("kwargsrepr", "{'run_id': " + runId + "}");
        headers.put("origin", "gen4242@syncmaster-server");
        headers.put("ignore_result", false);
        headers.put("replaced_task_nesting", 0);
        headers.put("stamped_headers", null);
        headers.put("stamps", Map.of());
        if (correlationIdHeader != null) {
            headers.put("CORRELATION_ID", correlationIdHeader);
        }
        String body = "[[], {\"run_id\": " + runId + "}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]";
        publishRaw(slug, headers, "application/json", body.getBytes(StandardCharsets.UTF_8), taskId);
        return taskId;
    }

    /** Publishes any body with Celery's properties (for malformed-message tests). */
    public void publishRaw(String slug, Map<String, Object> headers, String contentType, byte[] body, String taskId) throws Exception {
        declare(slug);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType(contentType)
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .priority(0)
                .correlationId(taskId)
                .replyTo(UUID.randomUUID().toString())
                .headers(headers)
                .build();
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
