package io.syncmaster.worker.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.ValidationMessage.Level;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Schema checks of rendered objects, close to what the API server (and {@code kubectl apply}'s strict field
 * validation) would report: built-in kinds and the Prometheus Operator's kinds with fabric8's
 * kubernetes-model-validator; the operator's own custom resources against the openAPIV3Schema of the chart's CRDs,
 * where unknown fields are errors (the API server would silently prune them). The fabric8 validator takes seconds
 * to build, so one instance serves every test class of the JVM.
 */
final class KubernetesSchemas {
    private static final String CRD_GROUP = "syncmaster.io";
    private static volatile Validator validator;
    private static volatile Map<String, JsonSchema> customResourceSchemas;

    private KubernetesSchemas() {
    }

    /** Every schema error of {@code object}, each prefixed with the object's kind and name; empty when valid. */
    static List<String> errors(JsonNode object) {
        String prefix = RenderedChart.id(object) + ": ";
        if (object.path("apiVersion").asText().startsWith(CRD_GROUP + "/")) {
            JsonSchema schema = customResourceSchemas().get(object.path("kind").asText());
            if (schema == null) {
                return List.of(prefix + "no CRD in the chart for kind " + object.path("kind").asText());
            }
            Set<ValidationMessage> messages = schema.validate(object);
            return messages.stream().map(m -> prefix + m.getMessage()).sorted().toList();
        }
        return validator().validate(object).getMessages().stream()
                .filter(m -> m.getLevel() == Level.ERROR)
                .map(io.fabric8.kubernetes.schema.validator.ValidationMessage::getMessage)
                .filter(m -> !isIntOrStringFalsePositive(m))
                .map(m -> prefix + m)
                .sorted()
                .toList();
    }

    /**
     * fabric8's validator 7.5.2 types some IntOrString fields (PodDisruptionBudget minAvailable/maxUnavailable) as
     * strings only, while the API server accepts integers there (and reads a quoted "2" as an invalid percentage).
     */
    private static final Pattern INT_OR_STRING_FALSE_POSITIVE = Pattern.compile(
            "\\[Path '[^']*/(minAvailable|maxUnavailable|maxSurge|port|targetPort)'] Instance type \\(integer\\) does not match any "
                    + "allowed primitive type \\(allowed: \\[\"string\"]\\)");

    static boolean isIntOrStringFalsePositive(String message) {
        return INT_OR_STRING_FALSE_POSITIVE.matcher(message).matches();
    }

    private static Validator validator() {
        Validator v = validator;
        if (v == null) {
            synchronized (KubernetesSchemas.class) {
                v = validator;
                if (v == null) {
                    v = Validator.newInstance();
                    validator = v;
                }
            }
        }
        return v;
    }

    private static Map<String, JsonSchema> customResourceSchemas() {
        Map<String, JsonSchema> schemas = customResourceSchemas;
        if (schemas == null) {
            synchronized (KubernetesSchemas.class) {
                schemas = customResourceSchemas;
                if (schemas == null) {
                    schemas = loadCrdSchemas(HelmChart.DIR.resolve("crds"));
                    customResourceSchemas = schemas;
                }
            }
        }
        return schemas;
    }

    private static Map<String, JsonSchema> loadCrdSchemas(Path crdDir) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        YAMLMapper yaml = new YAMLMapper();
        try (var files = Files.list(crdDir)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .map(f -> {
                        try {
                            return yaml.readTree(f.toFile());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toMap(
                            crd -> crd.path("spec").path("names").path("kind").asText(),
                            crd -> factory.getSchema(strict(crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema").deepCopy()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Turns the structural openAPIV3Schema of a CRD into a JSON schema that rejects unknown fields: every object
     * schema with properties and without {@code x-kubernetes-preserve-unknown-fields} gets
     * {@code additionalProperties: false} (the fields every object has stay allowed at the top level); Kubernetes
     * extensions (CEL rules, int-or-string markers) are dropped.
     */
    static JsonNode strict(JsonNode openApiV3Schema) {
        ObjectNode root = (ObjectNode) openApiV3Schema;
        ObjectNode properties = root.with("properties");
        for (String field : List.of("apiVersion", "kind")) {
            properties.putObject(field).put("type", "string");
        }
        properties.putObject("metadata").put("type", "object");
        strictSchema(root);
        return root;
    }

    private static void strictSchema(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith("x-kubernetes-")) {
                names.remove();
            }
        }
        if (schema.has("properties")) {
            schema.get("properties").forEach(KubernetesSchemas::strictSchema);
            if (!schema.has("additionalProperties") && !preserveUnknown) {
                schema.put("additionalProperties", false);
            }
        }
        strictSchema(schema.get("items"));
        strictSchema(schema.get("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.get(combinator) instanceof ArrayNode alternatives) {
                alternatives.forEach(KubernetesSchemas::strictSchema);
            }
        }
    }
}
