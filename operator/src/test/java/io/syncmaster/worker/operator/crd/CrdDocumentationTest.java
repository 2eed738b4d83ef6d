package io.syncmaster.worker.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl get} and {@code kubectl explain} show comes from the committed CRDs: printer columns in the
 * issue's order (Age last, Rows only with {@code -o wide}) and a description on every property we define. Embedded
 * Kubernetes API types (affinity, tolerations, conditions, …) are described at their field; their insides are
 * Kubernetes' own documentation.
 */
class CrdDocumentationTest {
    private static final Path CRDS = Path.of("..", "crds");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> EMBEDDED_KUBERNETES_TYPES = Set.of(
            "affinity", "tolerations", "envFrom", "env", "resources", "conditions");

    @Test
    void transferRunColumnsAreInKubectlOrder() throws IOException {
        JsonNode version = version("transferruns.syncmaster.io-v1.yml");
        assertThat(columns(version, 0)).containsExactly("Run", "Queue", "Phase", "Reason", "Started", "Duration", "Age");
        assertThat(columns(version, 1)).containsExactly("Rows");
    }

    @Test
    void queueColumnsAreInKubectlOrder() throws IOException {
        assertThat(columns(version("syncworkerqueues.syncmaster.io-v1.yml"), 0))
                .containsExactly("Slug", "Ready", "Queued", "Running", "Max", "Age");
    }

    @Test
    void everyPropertyOfBothCrdsHasADescription() throws IOException {
        for (String file : List.of("transferruns.syncmaster.io-v1.yml", "syncworkerqueues.syncmaster.io-v1.yml")) {
            JsonNode schema = version(file).path("schema").path("openAPIV3Schema");
            List<String> missing = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            if (!schema.hasNonNull("description")) {
                missing.add("(root)");
            }
            walk(schema, "", missing, seen);
            assertThat(seen).as(file).contains(file.startsWith("transfer") ? ".status.summary.rowsWritten" : ".status.runs.queued");
            assertThat(missing).as("properties of %s without a description", file).isEmpty();
        }
    }

    private static void walk(JsonNode node, String path, List<String> missing, List<String> seen) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String at = path + "." + p.getKey();
            seen.add(at);
            if (p.getValue().path("description").asText("").isBlank()) {
                missing.add(at);
            }
            if (!EMBEDDED_KUBERNETES_TYPES.contains(p.getKey())) {
                walk(p.getValue(), at, missing, seen);
                walk(p.getValue().path("items"), at + "[]", missing, seen);
            }
        }
    }

    private static JsonNode version(String file) throws IOException {
        return YAML.readTree(CRDS.resolve(file).toFile()).path("spec").path("versions").get(0);
    }

    private static List<String> columns(JsonNode version, int priority) {
        List<String> names = new ArrayList<>();
        version.path("additionalPrinterColumns").forEach(c -> {
            if (c.path("priority").asInt(0) == priority) {
                names.add(c.path("name").asText());
            }
        });
        return names;
    }
}
