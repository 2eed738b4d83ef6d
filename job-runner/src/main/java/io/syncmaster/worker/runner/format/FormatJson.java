package io.syncmaster.worker.runner.format;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Reads one stored {@code file_format} object field by field, with the API's defaults, naming the field in every
 * error. Keys no format knows are kept as extra Spark options, as upstream passes them through (transfer-semantics
 * §4.1: transfers written straight into the database carry them, e.g. {@code timestampFormat}).
 */
final class FormatJson {
    private final JsonNode node;
    private final FailureSide side;
    private final String field;
    private final Map<String, JsonNode> unread = new LinkedHashMap<>();

    FormatJson(JsonNode node, FailureSide side, String field) {
        this.node = node;
        this.side = side;
        this.field = field;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            unread.put(entry.getKey(), entry.getValue());
        }
        unread.remove("type");
    }

    FailureSide side() {
        return side;
    }

    /** {@code transfer.<side>_params.file_format.<key>}. */
    String path(String key) {
        return field + "." + key;
    }

    String text(String key, String defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw invalid(key, "must be a string");
        }
        return value.textValue();
    }

    /** A required, non-empty string. */
    String requiredText(String key) {
        String value = text(key, null);
        if (value == null || value.isEmpty()) {
            throw invalid(key, "is required");
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw invalid(key, "must be true or false");
        }
        return value.booleanValue();
    }

    Compression compression(Compression defaultValue, Set<Compression> allowed) {
        String value = text("compression", null);
        return value == null ? defaultValue : Compression.parse(value, allowed, side, path("compression"));
    }

    /** The keys not read so far, as Spark option strings. */
    Map<String, String> extraOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        unread.forEach((key, value) -> {
            if (value.isNull()) {
                return;
            }
            if (!value.isValueNode()) {
                throw invalid(key, "must be a string, number or boolean (it is passed to Spark as an option)");
            }
            options.put(key, value.asText());
        });
        return options;
    }

    RunFailure invalid(String key, String problem) {
        return new RunFailure(side, path(key) + " " + problem);
    }

    private JsonNode take(String key) {
        JsonNode value = unread.remove(key);
        return value == null || value.isNull() ? null : value;
    }
}
