package io.syncmaster.worker.celery.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import io.syncmaster.worker.celery.CeleryTaskMessage;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds messages as the SyncMaster server publishes them (contract §2.5.3–2.5.5), with the header value types the
 * Java client produces when reading py-amqp frames, so that tests can start from the real thing and break one detail.
 */
public final class CeleryMessages {

    public static final String TASK_ID = "a24c9ad8-6f58-486d-a9c7-c54dc785f82e";
    public static final String REPLY_TO = "dea1ea26-2197-33cf-b312-2c6bf21d6747";
    public static final String CORRELATION_ID = "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f";

    private CeleryMessages() {
    }

    /** The exact protocol 2 body of contract §2.5.5 for {@code runId}. */
    public static byte[] protocol2Body(long runId) {
        return CeleryTaskMessage.protocol2Body(runId);
    }

    /** The 19 headers of contract §2.5.4, in order, plus {@code CORRELATION_ID} when not null. */
    public static Map<String, Object> protocol2Headers(String taskId, long runId, String correlationId) {
        return CeleryTaskMessage.protocol2Headers(taskId, runId, correlationId, "gen21193@vm");
    }

    /** The properties of contract §2.5.3 with the given headers. */
    public static AMQP.BasicProperties.Builder protocol2Properties(String taskId, Map<String, Object> headers) {
        return CeleryTaskMessage.protocol2Properties(taskId, REPLY_TO, headers);
    }

    public static AMQP.BasicProperties protocol2(String taskId, long runId, String correlationId) {
        return protocol2Properties(taskId, protocol2Headers(taskId, runId, correlationId)).build();
    }

    /** Properties of a protocol 1 message: no {@code task} header. */
    public static AMQP.BasicProperties.Builder protocol1Properties(String taskId) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .priority(0)
                .correlationId(taskId)
                .headers(new LinkedHashMap<>());
    }

    public static byte[] protocol1Body(String taskId, String argsJson, String kwargsJson) {
        return utf8("{\"task\": \"run_transfer_task\", \"id\": \"" + taskId + "\", \"args\": " + argsJson
                + ", \"kwargs\": " + kwargsJson + ", \"retries\": 0, \"eta\": null, \"expires\": null, \"utc\": true,"
                + " \"callbacks\": null, \"errbacks\": null, \"timelimit\": [null, null], \"taskset\": null,"
                + " \"chord\": null}");
    }

    public static Object ls(String value) {
        return LongStringHelper.asLongString(value);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
