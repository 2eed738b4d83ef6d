package io.syncmaster.worker.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI definitions of Kubernetes' built-in kinds, as shipped in fabric8's kubernetes-model-validator
 * ({@code openshift-generated.json}, generated from the API server's own OpenAPI document). They tell which
 * fields a kind knows (for strict field validation) and which strings are a {@code metav1.Time} or a
 * {@code metav1.MicroTime} (both are {@code $ref}s there). Loaded once per JVM (~6 MB).
 */
final class BuiltInSchemas {
    static final String TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    static final String MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    private static final String REF_PREFIX = "#/definitions/";
    private static volatile JsonNode definitions;

    /** A string field of a kind's schema that holds a timestamp. */
    enum TimeType { TIME, MICRO_TIME }

    /** What the walk found: unknown fields and timestamp fields, each with its path ({@code spec.template.spec.foo}). */
    record Findings(List<String> unknownFields, List<TimestampField> timestamps) {
    }

    /** One timestamp field and its JSON value. */
    record TimestampField(String path, TimeType type, JsonNode value) {
    }

    private BuiltInSchemas() {
    }

    /**
     * The definition of {@code apiVersion}/{@code kind}, e.g. {@code batch/v1} {@code Job} is
     * {@code io.k8s.api.batch.v1.Job}; empty for kinds that are not built in (custom resources).
     */
    static Optional<JsonNode> definition(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash).replace(".k8s.io", "");
        String version = apiVersion.substring(slash + 1);
        JsonNode d = definitions().get("io.k8s.api." + group + "." + version + "." + kind);
        return Optional.ofNullable(d);
    }

    /** Walks {@code object} along {@code schema}, collecting unknown fields and timestamps. */
    static Findings walk(JsonNode object, JsonNode schema) {
        Findings findings = new Findings(new ArrayList<>(), new ArrayList<>());
        walk(object, schema, "", findings);
        return findings;
    }

    private static void walk(JsonNode value, JsonNode schema, String path, Findings findings) {
        if (value == null || value.isNull() || schema == null) {
            return;
        }
        String ref = schema.path("$ref").asText("");
        if (!ref.isEmpty()) {
            String name = ref.substring(REF_PREFIX.length());
            if (TIME.equals(name)) {
                findings.timestamps().add(new TimestampField(path, TimeType.TIME, value));
                return;
            }
            if (MICRO_TIME.equals(name)) {
                findings.timestamps().add(new TimestampField(path, TimeType.MICRO_TIME, value));
                return;
            }
            walk(value, definitions().get(name), path, findings);
            return;
        }
        if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.get("properties");
            for (Map.Entry<String, JsonNode> field : iterable(value)) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode fieldSchema = properties.get(field.getKey());
                if (fieldSchema == null) {
                    findings.unknownFields().add(child);
                } else {
                    walk(field.getValue(), fieldSchema, child, findings);
                }
            }
        } else if (value.isObject() && schema.path("additionalProperties").isObject()) {
            for (Map.Entry<String, JsonNode> field : iterable(value)) {
                walk(field.getValue(), schema.get("additionalProperties"), path + "[" + field.getKey() + "]", findings);
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), schema.get("items"), path + "[" + i + "]", findings);
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }

    private static JsonNode definitions() {
        JsonNode d = definitions;
        if (d == null) {
            synchronized (BuiltInSchemas.class) {
                d = definitions;
                if (d == null) {
                    try (InputStream in = BuiltInSchemas.class.getClassLoader().getResourceAsStream("openshift-generated.json")) {
                        if (in == null) {
                            throw new IllegalStateException("openshift-generated.json (kubernetes-model-validator) is not on the test classpath");
                        }
                        d = new ObjectMapper().readTree(in).get("definitions");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    definitions = d;
                }
            }
        }
        return d;
    }
}
