package io.syncmaster.worker.operator.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmaster.worker.operator.crd.RunSummary;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads the job-runner's {@code summary: {json}} line (its {@code RunSummary}) out of a pod's termination message.
 * Anything else in the message (the failure text) is left alone; a missing or malformed line yields nothing, so a
 * job-runner of another version never breaks the run's status.
 */
public final class SummaryLine {
    /** The prefix the job-runner writes before the JSON object. */
    public static final String PREFIX = "summary: ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryLine() {
    }

    /** The summary in {@code terminationMessage} (its last summary line), or empty. */
    public static Optional<RunSummary> parse(String terminationMessage) {
        if (terminationMessage == null) {
            return Optional.empty();
        }
        Optional<RunSummary> found = Optional.empty();
        for (String line : terminationMessage.split("\\R")) {
            String s = line.strip();
            if (s.startsWith(PREFIX)) {
                Optional<RunSummary> parsed = parseJson(s.substring(PREFIX.length()));
                if (parsed.isPresent()) {
                    found = parsed;
                }
            }
        }
        return found;
    }

    /** {@code terminationMessage} without its summary lines (what is left is the failure text), null when nothing is left. */
    public static String withoutSummary(String terminationMessage) {
        if (terminationMessage == null) {
            return null;
        }
        StringBuilder rest = new StringBuilder();
        for (String line : terminationMessage.split("\\R")) {
            if (!line.strip().startsWith(PREFIX)) {
                rest.append(rest.length() == 0 ? "" : "\n").append(line);
            }
        }
        String s = rest.toString().strip();
        return s.isEmpty() ? null : s;
    }

    private static Optional<RunSummary> parseJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Double seconds = null;
        JsonNode phases = node.get("phases");
        if (phases != null && phases.isObject()) {
            double total = 0;
            boolean any = false;
            for (Iterator<JsonNode> it = phases.elements(); it.hasNext(); ) {
                JsonNode v = it.next();
                if (v.isNumber() && v.asDouble() >= 0) {
                    total += v.asDouble();
                    any = true;
                }
            }
            seconds = any ? Math.round(total * 1000) / 1000.0 : null;
        }
        return Optional.of(new RunSummary(count(node, "rows_read"), count(node, "rows_written"), count(node, "bytes_written"), seconds));
    }

    private static Long count(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isIntegralNumber() && v.asLong() >= 0 ? v.asLong() : null;
    }
}
