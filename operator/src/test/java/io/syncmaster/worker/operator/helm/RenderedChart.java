package io.syncmaster.worker.operator.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects of one {@code helm template} run, as JSON trees (for schema validation) and as fabric8 model
 * objects (for assertions).
 */
final class RenderedChart {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final List<ObjectNode> objects;

    private RenderedChart(List<ObjectNode> objects) {
        this.objects = objects;
    }

    static RenderedChart parse(String manifest) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc instanceof ObjectNode o && !o.isEmpty()) {
                    objects.add(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template produced invalid YAML", e);
        }
        return new RenderedChart(objects);
    }

    List<ObjectNode> objects() {
        return objects;
    }

    /** "Kind/name" of every object, in rendering order. */
    List<String> kindsAndNames() {
        return objects.stream().map(RenderedChart::id).toList();
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered; rendered: " + kindsAndNames()));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The object as a fabric8 model object (e.g. {@code Deployment.class}). */
    <T> T get(String kind, String name, Class<T> type) {
        return as(get(kind, name), type);
    }

    static <T> T as(JsonNode node, Class<T> type) {
        ObjectMapper mapper = Serialization.jsonMapper();
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("cannot read " + id(node) + " as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
