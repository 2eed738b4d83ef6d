package io.syncmaster.worker.runspec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.db.TransferRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of a {@link RunSpec}: the file a run pod mounts from its per-run Secret (or the standalone worker's
 * 0600 file). Column names follow SyncMaster's tables, so the document reads like the rows it was built from:
 *
 * <pre>{@code
 * {"version": 1,
 *  "run": {"id", "transfer_id", "status", "type", "started_at", "ended_at", "log_url", "created_at", "updated_at"},
 *  "transfer": {"id", "group_id", "name", "source_connection_id", "target_connection_id", "queue_id",
 *               "strategy_params", "source_params", "target_params", "transformations", "resources"},
 *  "group_name": "...",
 *  "source_connection": {"id", "group_id", "type", "name", "data", "auth_data"},
 *  "target_connection": {...},
 *  "spark_session_default_config": {"key": "value", ...},
 *  "hwm_store": null | {"type", "url", "user", "password", "namespace"}}
 * }</pre>
 *
 * <p>Decoding errors name the field and never quote the document. Thread-safe.
 */
public final class RunSpecCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSpecCodec() {
    }

    /** The document as UTF-8 JSON bytes. Secret: it holds decrypted credentials. */
    public static byte[] encode(RunSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", RunSpec.VERSION);
        RunContext context = spec.context();
        RunRow run = context.run();
        ObjectNode r = root.putObject("run");
        r.put("id", run.id());
        r.put("transfer_id", run.transferId());
        r.put("status", run.status().name());
        r.put("type", run.type());
        r.put("started_at", time(run.startedAt()));
        r.put("ended_at", time(run.endedAt()));
        r.put("log_url", run.logUrl());
        r.put("created_at", time(run.createdAt()));
        r.put("updated_at", time(run.updatedAt()));
        TransferRow transfer = context.transfer();
        ObjectNode t = root.putObject("transfer");
        t.put("id", transfer.id());
        t.put("group_id", transfer.groupId());
        t.put("name", transfer.name());
        t.put("source_connection_id", transfer.sourceConnectionId());
        t.put("target_connection_id", transfer.targetConnectionId());
        t.put("queue_id", transfer.queueId());
        t.set("strategy_params", transfer.strategyParams());
        t.set("source_params", transfer.sourceParams());
        t.set("target_params", transfer.targetParams());
        t.set("transformations", transfer.transformations());
        t.set("resources", transfer.resources());
        root.put("group_name", context.groupName());
        root.set("source_connection", connection(context.source()));
        root.set("target_connection", connection(context.target()));
        ObjectNode spark = root.putObject("spark_session_default_config");
        spec.sparkSessionDefaultConfig().forEach(spark::put);
        HwmStoreAccess hwm = spec.hwmStore();
        if (hwm == null) {
            root.putNull("hwm_store");
        } else {
            ObjectNode h = root.putObject("hwm_store");
            h.put("type", hwm.type());
            h.put("url", hwm.url());
            h.put("user", hwm.user());
            h.put("password", hwm.password());
            h.put("namespace", hwm.namespace());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the run spec of run " + run.id(), e);
        }
    }

    /**
     * Reads a document written by {@link #encode}.
     *
     * @throws RunSpecException naming the field that is missing or wrong (never a value)
     */
    public static RunSpec decode(byte[] document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            // Jackson's message quotes the document: say only that it is broken
            throw new RunSpecException("the run spec is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new RunSpecException("the run spec must be a JSON object");
        }
        JsonNode version = root.path("version");
        if (!version.isInt() || version.intValue() != RunSpec.VERSION) {
            throw new RunSpecException("run spec field 'version' must be " + RunSpec.VERSION
                    + " (written by another version of the worker?)");
        }
        JsonNode r = object(root, "run");
        RunRow run = new RunRow(
                number(r, "run.id"),
                number(r, "run.transfer_id"),
                status(r),
                optionalText(r, "run.type"),
                optionalTime(r, "run.started_at"),
                optionalTime(r, "run.ended_at"),
                optionalText(r, "run.log_url"),
                optionalTime(r, "run.created_at"),
                optionalTime(r, "run.updated_at"));
        JsonNode t = object(root, "transfer");
        TransferRow transfer = new TransferRow(
                number(t, "transfer.id"),
                number(t, "transfer.group_id"),
                text(t, "transfer.name"),
                number(t, "transfer.source_connection_id"),
                number(t, "transfer.target_connection_id"),
                number(t, "transfer.queue_id"),
                present(t, "transfer.strategy_params"),
                present(t, "transfer.source_params"),
                present(t, "transfer.target_params"),
                present(t, "transfer.transformations"),
                present(t, "transfer.resources"));
        String groupName = text(root, "group_name");
        ConnectionDetails source = connection(root, "source_connection");
        ConnectionDetails target = connection(root, "target_connection");
        Map<String, String> spark = new LinkedHashMap<>();
        JsonNode sparkNode = root.path("spark_session_default_config");
        if (!sparkNode.isMissingNode() && !sparkNode.isNull()) {
            if (!sparkNode.isObject()) {
                throw new RunSpecException("run spec field 'spark_session_default_config' must be an object");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = sparkNode.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isTextual()) {
                    throw new RunSpecException("run spec field 'spark_session_default_config." + field.getKey()
                            + "' must be a string");
                }
                spark.put(field.getKey(), field.getValue().textValue());
            }
        }
        HwmStoreAccess hwm = null;
        JsonNode h = root.path("hwm_store");
        if (!h.isMissingNode() && !h.isNull()) {
            JsonNode hwmNode = object(root, "hwm_store");
            hwm = new HwmStoreAccess(text(hwmNode, "hwm_store.type"), text(hwmNode, "hwm_store.url"),
                    text(hwmNode, "hwm_store.user"), text(hwmNode, "hwm_store.password"),
                    text(hwmNode, "hwm_store.namespace"));
        }
        return new RunSpec(new RunContext(run, transfer, groupName, source, target), spark, hwm);
    }

    /** As {@link #decode(byte[])}, from text. */
    public static RunSpec decode(String document) {
        return decode(document.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode connection(ConnectionDetails details) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", details.id());
        c.put("group_id", details.groupId());
        c.put("type", details.type());
        c.put("name", details.name());
        c.set("data", details.data());
        c.set("auth_data", details.auth());
        return c;
    }

    private static ConnectionDetails connection(JsonNode root, String field) {
        JsonNode c = object(root, field);
        JsonNode data = c.path("data");
        JsonNode auth = c.path("auth_data");
        if (!data.isObject()) {
            throw new RunSpecException("run spec field '" + field + ".data' must be an object");
        }
        if (!auth.isObject()) {
            throw new RunSpecException("run spec field '" + field + ".auth_data' must be an object");
        }
        return new ConnectionDetails(number(c, field + ".id"), number(c, field + ".group_id"),
                text(c, field + ".type"), text(c, field + ".name"), (ObjectNode) data, (ObjectNode) auth);
    }

    private static String time(OffsetDateTime value) {
        return value == null ? null : value.toString();
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.path(leaf(field));
        if (!node.isObject()) {
            throw new RunSpecException("run spec field '" + field + "' must be an object");
        }
        return node;
    }

    private static JsonNode present(JsonNode parent, String field) {
        JsonNode node = parent.path(leaf(field));
        if (node.isMissingNode()) {
            throw new RunSpecException("run spec field '" + field + "' is missing");
        }
        return node;
    }

    private static long number(JsonNode parent, String field) {
        JsonNode node = parent.path(leaf(field));
        if (!node.isIntegralNumber()) {
            throw new RunSpecException("run spec field '" + field + "' must be an integer");
        }
        return node.longValue();
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.path(leaf(field));
        if (!node.isTextual()) {
            throw new RunSpecException("run spec field '" + field + "' must be a string");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.path(leaf(field));
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return text(parent, field);
    }

    private static OffsetDateTime optionalTime(JsonNode parent, String field) {
        String text = optionalText(parent, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new RunSpecException("run spec field '" + field + "' is not an ISO-8601 timestamp");
        }
    }

    private static RunStatus status(JsonNode run) {
        String text = text(run, "run.status");
        try {
            return RunStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new RunSpecException("run spec field 'run.status' is not a run status");
        }
    }

    private static String leaf(String field) {
        int dot = field.lastIndexOf('.');
        return dot < 0 ? field : field.substring(dot + 1);
    }
}
