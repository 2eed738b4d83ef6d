package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step run right after the crd-generator (process-classes), for two things the generator (7.5) cannot do:
 * it puts each CRD's {@code additionalPrinterColumns} back in the order they are declared on the custom resource
 * class (kubectl prints them in the CRD's order, Age last by convention; the generator sorts them by JSONPath), and it
 * gives the schema root, {@code spec} and {@code status} the {@link JsonClassDescription} of their classes, so
 * {@code kubectl explain transferrun.status} has a text. The committed {@code crds/} are this step's output, which
 * {@code CommittedCrdsTest} guards.
 */
public final class CrdPostProcessor {
    private static final Map<String, Class<?>> KINDS = Map.of("TransferRun", TransferRun.class, "SyncWorkerQueue", SyncWorkerQueue.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private CrdPostProcessor() {
    }

    /** @param args the directory holding the generated CRDs ({@code target/classes/META-INF/fabric8}) */
    public static void main(String[] args) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(args[0]))) {
            files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode crd = YAML.readTree(file.toFile());
            Class<?> type = KINDS.get(crd.path("spec").path("names").path("kind").asText());
            if (type == null) {
                throw new IllegalStateException(file + ": unknown kind");
            }
            for (JsonNode version : crd.path("spec").path("versions")) {
                reorder((ObjectNode) version, type);
                describe((ObjectNode) version.path("schema").path("openAPIV3Schema"), type);
            }
            YAML.writeValue(file.toFile(), crd);
        }
    }

    /** The printer columns of {@code type} in declaration order. */
    public static List<String> declaredColumns(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (AdditionalPrinterColumn c : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            names.add(c.name());
        }
        return names;
    }

    private static void describe(ObjectNode schema, Class<?> type) {
        setDescription(schema, type);
        Type[] specAndStatus = ((ParameterizedType) type.getGenericSuperclass()).getActualTypeArguments();
        setDescription((ObjectNode) schema.path("properties").path("spec"), (Class<?>) specAndStatus[0]);
        setDescription((ObjectNode) schema.path("properties").path("status"), (Class<?>) specAndStatus[1]);
    }

    private static void setDescription(ObjectNode node, Class<?> type) {
        JsonClassDescription d = type.getAnnotation(JsonClassDescription.class);
        if (d == null) {
            throw new IllegalStateException(type.getSimpleName() + " has no @JsonClassDescription");
        }
        // description first, as the generator writes it for properties
        ObjectNode copy = node.deepCopy();
        node.removeAll();
        node.put("description", d.value());
        node.setAll(copy);
    }

    private static void reorder(ObjectNode version, Class<?> type) {
        JsonNode columns = version.get("additionalPrinterColumns");
        if (columns == null || !columns.isArray()) {
            return;
        }
        ArrayNode ordered = YAML.createArrayNode();
        for (String name : declaredColumns(type)) {
            for (JsonNode c : columns) {
                if (name.equals(c.path("name").asText())) {
                    ordered.add(c);
                }
            }
        }
        if (ordered.size() != columns.size()) {
            throw new IllegalStateException(type.getSimpleName() + ": generated columns " + columns + " differ from the declared ones");
        }
        version.set("additionalPrinterColumns", ordered);
    }
}
