package io.syncmaster.worker.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.syncmaster.worker.operator.run.RunDurations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders objects as {@code kubectl get} would from a committed CRD's {@code additionalPrinterColumns}: NAME, then
 * each column's JSONPath evaluated on the object (the subset of JSONPath our CRDs use: dotted fields and one
 * {@code [?(@.field=="value")]} filter), dates as ages. {@code wide} adds the priority-1 columns.
 */
public final class KubectlTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]");
    private final List<JsonNode> columns = new ArrayList<>();

    public KubectlTable(Path crd, boolean wide) throws IOException {
        JsonNode version = new ObjectMapper(new YAMLFactory()).readTree(crd.toFile()).path("spec").path("versions").get(0);
        version.path("additionalPrinterColumns").forEach(c -> {
            if (wide || c.path("priority").asInt(0) == 0) {
                columns.add(c);
            }
        });
    }

    public String render(List<?> objects, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("NAME"));
        columns.forEach(c -> header.add(c.path("name").asText().toUpperCase(Locale.ROOT)));
        rows.add(header);
        for (Object o : objects) {
            JsonNode node = JSON.valueToTree(o);
            List<String> row = new ArrayList<>(List.of(node.path("metadata").path("name").asText()));
            for (JsonNode c : columns) {
                JsonNode v = eval(node, c.path("jsonPath").asText());
                String text = v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
                if ("date".equals(c.path("type").asText()) && !text.isEmpty()) {
                    text = RunDurations.format(Duration.between(OffsetDateTime.parse(text).toInstant(), now));
                }
                row.add(text);
            }
            rows.add(row);
        }
        int[] width = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + (width[i] + 3) + "s", r.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static JsonNode eval(JsonNode node, String path) {
        JsonNode at = node;
        for (String part : path.substring(1).split("\\.(?![^\\[]*\\])")) {
            Matcher f = FILTER.matcher(part);
            if (f.matches()) {
                JsonNode found = null;
                for (JsonNode item : at.path(f.group(1))) {
                    if (f.group(3).equals(item.path(f.group(2)).asText())) {
                        found = item;
                    }
                }
                if (found == null) {
                    return null;
                }
                at = found;
            } else {
                at = at.path(part);
            }
        }
        return at;
    }
}
