package io.syncmaster.worker.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run_transfer_task} exactly as SyncMaster's server sends it through Celery 5.6 (contract §2.5.3–2.5.5):
 * the 19 protocol-2 headers in Celery's order (+ {@code CORRELATION_ID} on the HTTP path), the properties and the
 * JSON body. The decoder reads this shape; the demo plays the server with it, and the tests start from it. String
 * header values are AMQP long strings, as they arrive from py-amqp.
 */
public final class CeleryTaskMessage {
    /** The Celery task name SyncMaster dispatches. */
    public static final String TASK = "run_transfer_task";

    private CeleryTaskMessage() {
    }

    /** The headers of contract §2.5.4, in order; {@code correlationId} (the HTTP request id) may be null. */
    public static Map<String, Object> protocol2Headers(String taskId, long runId, String correlationId, String origin) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("lang", text("py"));
        headers.put("task", text(TASK));
        headers.put("id", text(taskId));
        headers.put("shadow", null);
        headers.put("eta", null);
        headers.put("expires", null);
        headers.put("group", null);
        headers.put("group_index", null);
        headers.put("retries", 0);
        headers.put("timelimit", Arrays.asList(null, null));
        headers.put("root_id", text(taskId));
        headers.put("parent_id", null);
        headers.put("argsrepr", text("()"));
        headers.put("kwargsrepr", text("{'run_id': " + runId + "}"));
        headers.put("origin", text(origin));
        headers.put("ignore_result", false);
        headers.put("replaced_task_nesting", 0);
        headers.put("stamped_headers", null);
        headers.put("stamps", new LinkedHashMap<>());
        if (correlationId != null) {
            headers.put("CORRELATION_ID", text(correlationId));
        }
        return headers;
    }

    /** The body of contract §2.5.5: {@code [args, kwargs, embed]} as kombu's json.dumps writes it. */
    public static byte[] protocol2Body(long runId) {
        return ("[[], {\"run_id\": " + runId + "}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The properties of contract §2.5.3 (the AMQP correlation id is the task id). */
    public static AMQP.BasicProperties.Builder protocol2Properties(String taskId, String replyTo, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .priority(0)
                .correlationId(taskId)
                .replyTo(replyTo)
                .headers(headers);
    }

    private static Object text(String value) {
        return LongStringHelper.asLongString(value);
    }
}
