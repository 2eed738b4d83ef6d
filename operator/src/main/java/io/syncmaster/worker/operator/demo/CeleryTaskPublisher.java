package io.syncmaster.worker.operator.demo;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.operator.queue.CeleryTopology;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        headers.put("origin", "gen" + ProcessHandle.current().pid() + "@syncmaster-demo");
        headers.put("ignore_result", false);
        headers.put("replaced_task_nesting", 0);
        headers.put("stamped_headers", null);
        headers.put("stamps", Map.of());
        if (correlationId != null) {
            headers.put("CORRELATION_ID", correlationId);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .priority(0)
                .correlationId(taskId)
                .replyTo(UUID.randomUUID().toString())
                .headers(headers)
                .build();
        String body = "[[], {\"run_id\": " + runId + "}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null,"
                + " \"chord\": null}]";
        channel.basicPublish("", slug, false, properties, body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
        return taskId;
    }

    @Override
    public void close() throws Exception {
        channel.close();
        connection.close();
    }
}
