package io.syncmaster.worker.runner.connector;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import java.util.TreeSet;

/**
 * Typed reads of one JSON object (a connection's merged data, a side's params) that fail with a message naming the
 * field and never echoing a value (a value might be a password). One place for "missing", "wrong type" and "out of
 * range", so every connector words them the same way.
 *
 * @param where how the object is named in messages, e.g. {@code source connection (postgres)}
 */
public record Fields(JsonNode node, FailureSide side, String where) {
    /** A non-empty string. */
    public String requiredText(String key) {
        return optionalText(key).orElseThrow(() -> fail(key, "is missing"));
    }

    /** A string, empty when the field is absent, null or "". */
    public Optional<String> optionalText(String key) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw fail(key, "must be a string");
        }
        return value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }

    /** A string that may be empty ("" is kept), e.g. a password. */
    public String textOrEmpty(String key) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw fail(key, "must be a string");
        }
        return value.asText();
    }

    /** An integer in [min, max], or {@code defaultValue} when absent or null. A decimal string is accepted. */
    public long integer(String key, long defaultValue, long min, long max) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return defaultValue;
        }
        long parsed;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.asLong();
        } else if (value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            parsed = Long.parseLong(value.asText());
        } else {
            throw fail(key, "must be an integer");
        }
        if (parsed < min || parsed > max) {
            throw fail(key, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    /** A TCP port, {@code defaultPort} when absent or null. */
    public int port(String key, int defaultPort) {
        return (int) integer(key, defaultPort, 1, 65535);
    }

    /** A boolean, {@code defaultValue} when absent or null. */
    public boolean bool(String key, boolean defaultValue) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw fail(key, "must be true or false");
        }
        return value.asBoolean();
    }

    /** One of {@code allowed}, {@code defaultValue} when absent or null. */
    public String oneOf(String key, String defaultValue, Set<String> allowed) {
        String value = optionalText(key).orElse(defaultValue);
        if (value == null || !allowed.contains(value)) {
            throw fail(key, "must be one of " + new TreeSet<>(allowed));
        }
        return value;
    }

    /** A JSON object's scalar entries as strings (e.g. {@code additional_params}); empty when absent or null. */
    public Map<String, String> stringMap(String key) {
        JsonNode value = node.path(key);
        Map<String, String> result = new LinkedHashMap<>();
        if (value.isMissingNode() || value.isNull()) {
            return result;
        }
        if (!value.isObject()) {
            throw fail(key, "must be a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getValue().isNull()) {
                continue;
            }
            if (!entry.getValue().isValueNode()) {
                throw fail(key + "." + entry.getKey(), "must be a string, number or boolean");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    /** A nested object read with the same rules; the field name becomes part of {@link #where}. */
    public Fields object(String key) {
        JsonNode value = node.path(key);
        if (!value.isObject()) {
            throw fail(key, value.isMissingNode() || value.isNull() ? "is missing" : "must be a JSON object");
        }
        return new Fields(value, side, where + ": field '" + key + "'");
    }

    public boolean has(String key) {
        JsonNode value = node.path(key);
        return !value.isMissingNode() && !value.isNull();
    }

    /** A failure about one field; {@code problem} must not contain the field's value. */
    public RunFailure fail(String key, String problem) {
        return new RunFailure(side, where + ": field '" + key + "' " + problem);
    }
}
