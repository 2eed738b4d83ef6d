package io.syncmaster.worker.runner.transfer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;

/**
 * The secret-free outcome of one run (design §8): rows read, rows written, bytes where known, and seconds per phase
 * in the order the phases ran. {@link #line()} renders it as one stable, machine-readable log and termination-message
 * line, {@code summary: {json}}, which the operator copies into the TransferRun status.
 *
 * <p>JSON keys: {@code outcome} ({@code succeeded} | {@code failed}), {@code rows_read}, {@code rows_written},
 * {@code bytes_written} (each a number or null when unknown), {@code phases} (object: phase name → seconds, three
 * decimals). New keys may be added; existing ones keep their meaning.
 */
public record RunSummary(boolean succeeded, OptionalLong rowsRead, OptionalLong rowsWritten, OptionalLong bytesWritten,
        Map<String, Double> phaseSeconds) {
    /** The prefix of the summary line. */
    public static final String PREFIX = "summary: ";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunSummary {
        phaseSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds));
    }

    /** {@code summary: {"outcome":"succeeded","rows_read":27,…}} without a line break. */
    public String line() {
        ObjectNode node = JSON.createObjectNode();
        node.put("outcome", succeeded ? "succeeded" : "failed");
        put(node, "rows_read", rowsRead);
        put(node, "rows_written", rowsWritten);
        put(node, "bytes_written", bytesWritten);
        ObjectNode phases = node.putObject("phases");
        phaseSeconds.forEach((phase, seconds) -> phases.put(phase, Math.round(seconds * 1000) / 1000.0));
        return PREFIX + node;
    }

    private static void put(ObjectNode node, String key, OptionalLong value) {
        if (value.isPresent()) {
            node.put(key, value.getAsLong());
        } else {
            node.putNull(key);
        }
    }
}
