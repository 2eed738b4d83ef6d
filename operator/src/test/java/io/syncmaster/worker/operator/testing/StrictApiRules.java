package io.syncmaster.worker.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kube-apiserver refuses and fabric8's CRUD mock accepts, checked on every write the test API server
 * receives, answered the way the real server answers (a {@code Status} with its code, reason, message and causes).
 * The rules, in the order the real server applies them:
 * <ol>
 *   <li>body over 3 MiB → 413 (the apiserver's request limit); decoding → 400 BadRequest: a {@code MicroTime} without
 *       exactly six fractional digits, a {@code Time} that is not RFC 3339, an unknown field of a built-in kind
 *       (strict field validation, the behaviour of {@code fieldValidation=Strict} / {@code kubectl});</li>
 *   <li>validation → 422 Invalid: names (DNS-1123 subdomain, or label for namespaces and services; a Job's name
 *       becomes a label value, so at most 63 characters), label keys and values, annotations over 256 KiB, the fields
 *       a new events.k8s.io/v1 Event needs;</li>
 *   <li>storage → 500: an object over 1.5 MiB (etcd's request limit; measured as JSON here).</li>
 * </ol>
 * One deliberate difference: a create or update (PUT) of the main resource that carries or changes the
 * {@code status} of a kind with a status subresource is refused with 422, where kube-apiserver silently drops the
 * status. Refusing makes the lost write visible in a test. Patches are not checked for it (see {@code statusErrors}).
 */
public final class StrictApiRules {
    static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;
    static final int MAX_OBJECT_BYTES = 1536 * 1024;
    static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;
    static final String MICRO_TIME_LAYOUT = "2006-01-02T15:04:05.000000Z07:00";
    static final String TIME_LAYOUT = "2006-01-02T15:04:05Z07:00";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern CLOCK = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern ZONE = Pattern.compile("Z|[+-]\\d{2}:\\d{2}");
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String DNS1123_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation "
            + "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
            + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
            + "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private static final String QUALIFIED_NAME_MESSAGE = "name part must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    /** Built-in resources with a status subresource that the tests write (custom resources are asked of the mock). */
    private static final Set<String> BUILT_IN_STATUS_SUBRESOURCES = Set.of("pods", "jobs", "cronjobs", "deployments", "statefulsets",
            "replicasets", "daemonsets", "services", "namespaces", "nodes", "persistentvolumeclaims", "persistentvolumes",
            "customresourcedefinitions", "poddisruptionbudgets", "horizontalpodautoscalers");
    private static final Set<String> DNS1123_LABEL_NAMED = Set.of("namespaces", "services");
    private static final int EVENT_FIELD_LIMIT = 128;
    private static final int EVENT_NOTE_LIMIT = 1024;

    /**
     * One write as the rules see it.
     *
     * @param verb {@code create}, {@code update} or {@code patch}
     * @param resource the plural resource, e.g. {@code jobs}
     * @param subresource {@code status} for a status write, null for the main resource
     * @param pathNamespace the namespace in the URL (null for cluster-scoped requests)
     * @param statusSubresource whether the kind has a status subresource (custom resources: from their CRD)
     * @param object the object the write would store (for a patch: the stored object with the patch applied)
     * @param stored the object stored now, null on create
     * @param bodyBytes size of the request body
     */
    public record ApiWrite(String verb, String resource, String subresource, String pathNamespace, boolean statusSubresource,
                           JsonNode object, JsonNode stored, int bodyBytes) {
        /** Whether {@code resource} is a built-in kind with a status subresource. */
        public static boolean builtInStatusSubresource(String resource) {
            return BUILT_IN_STATUS_SUBRESOURCES.contains(resource);
        }
    }

    /** One entry of a Status's {@code details.causes}. */
    public record Cause(String reason, String message, String field) {
    }

    /** The refusal: an HTTP code and the Status body kube-apiserver would send. */
    public record Rejection(int code, String reason, String message, String kind, String group, String name, List<Cause> causes) {
        /** The {@code Status} object, as JSON. */
        public String statusJson() {
            ObjectNode status = JSON.createObjectNode();
            status.put("kind", "Status").put("apiVersion", "v1");
            status.putObject("metadata");
            status.put("status", "Failure").put("message", message);
            if (reason != null) {
                status.put("reason", reason);
            }
            if (!causes.isEmpty() || "Invalid".equals(reason)) {
                ObjectNode details = status.putObject("details");
                if (name != null) {
                    details.put("name", name);
                }
                if (group != null && !group.isEmpty()) {
                    details.put("group", group);
                }
                details.put("kind", kind);
                ArrayNode list = details.putArray("causes");
                causes.forEach(c -> list.addObject().put("reason", c.reason()).put("message", c.message()).put("field", c.field()));
            }
            status.put("code", code);
            return status.toString();
        }
    }

    /** A field error, worded as apimachinery's {@code field.Error} is. */
    private record FieldError(String type, String field, String body) {
        static FieldError invalid(String field, String value, String detail) {
            return new FieldError("FieldValueInvalid", field, "Invalid value: " + JSON.valueToTree(value) + ": " + detail);
        }

        static FieldError required(String field) {
            return new FieldError("FieldValueRequired", field, "Required value");
        }

        static FieldError tooLong(String field, int max) {
            return new FieldError("FieldValueTooLong", field, "Too long: must have at most " + max + " bytes");
        }

        static FieldError forbidden(String field, String detail) {
            return new FieldError("FieldValueForbidden", field, "Forbidden: " + detail);
        }

        String text() {
            return field + ": " + body;
        }
    }

    private StrictApiRules() {
    }

    /** Loads the built-in kinds' schemas now (they take seconds to parse), so the first request does not wait for them. */
    public static void load() {
        BuiltInSchemas.definition("v1", "Pod");
    }

    /** The refusal kube-apiserver would send for {@code write}, or empty when it would accept it. */
    public static Optional<Rejection> check(ApiWrite write) {
        JsonNode object = write.object();
        String apiVersion = object.path("apiVersion").asText(null);
        String kind = object.path("kind").asText("Object");
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion == null ? "v1" : apiVersion.substring(apiVersion.indexOf('/') + 1);
        String name = object.path("metadata").path("name").asText(null);

        if (write.bodyBytes() > MAX_REQUEST_BYTES) {
            return Optional.of(new Rejection(413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_REQUEST_BYTES,
                    kind, group, name, List.of()));
        }
        Optional<String> decodeError = decodeError(object, apiVersion, kind);
        if (decodeError.isPresent()) {
            return Optional.of(new Rejection(400, "BadRequest",
                    kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": " + decodeError.get(),
                    kind, group, name, List.of()));
        }
        String objectNamespace = object.path("metadata").path("namespace").asText(null);
        if (write.pathNamespace() != null && objectNamespace != null && !objectNamespace.isEmpty()
                && !objectNamespace.equals(write.pathNamespace())) {
            return Optional.of(new Rejection(400, "BadRequest",
                    "the namespace of the provided object does not match the namespace sent on the request", kind, group, name, List.of()));
        }

        List<FieldError> errors = new ArrayList<>();
        if ("create".equals(write.verb())) {
            errors.addAll(nameErrors(write.resource(), name));
        }
        errors.addAll(metadataErrors("metadata", object.path("metadata")));
        for (String template : List.of("spec.template", "spec.jobTemplate", "spec.jobTemplate.spec.template")) {
            JsonNode meta = at(object, template).path("metadata");
            if (meta.isObject()) {
                errors.addAll(metadataErrors(template + ".metadata", meta));
            }
        }
        if ("create".equals(write.verb()) && "Event".equals(kind) && "events.k8s.io".equals(group)) {
            errors.addAll(eventErrors(object));
        }
        errors.addAll(statusErrors(write));
        if (!errors.isEmpty()) {
            String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
            String joined = errors.size() == 1 ? errors.get(0).text()
                    : "[" + String.join(", ", errors.stream().map(FieldError::text).toList()) + "]";
            return Optional.of(new Rejection(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + joined, kind, group, name,
                    errors.stream().map(e -> new Cause(e.type(), e.body(), e.field())).toList()));
        }
        if (object.toString().getBytes(StandardCharsets.UTF_8).length > MAX_OBJECT_BYTES) {
            return Optional.of(new Rejection(500, null, "etcdserver: request is too large", kind, group, name, List.of()));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ decoding

    private static Optional<String> decodeError(JsonNode object, String apiVersion, String kind) {
        Optional<JsonNode> definition = BuiltInSchemas.definition(apiVersion, kind);
        if (definition.isEmpty()) {
            // A custom resource: its CRD's schema applies (not checked here), and unknown fields are pruned, not refused.
            return timeError(object.path("metadata").path("creationTimestamp"), BuiltInSchemas.TimeType.TIME);
        }
        BuiltInSchemas.Findings findings = BuiltInSchemas.walk(object, definition.get());
        for (BuiltInSchemas.TimestampField t : findings.timestamps()) {
            Optional<String> error = timeError(t.value(), t.type());
            if (error.isPresent()) {
                return error;
            }
        }
        if (!findings.unknownFields().isEmpty()) {
            return Optional.of("strict decoding error: " + String.join(", ",
                    findings.unknownFields().stream().map(f -> "unknown field \"" + f + "\"").toList()));
        }
        return Optional.empty();
    }

    /**
     * Go's {@code time.Parse} as metav1 calls it: a {@code MicroTime} with the layout {@value #MICRO_TIME_LAYOUT}
     * (exactly six fractional digits), a {@code Time} with {@code time.RFC3339} (fractional seconds are accepted when
     * parsing and dropped when stored). The message is Go's.
     */
    static Optional<String> timeError(JsonNode value, BuiltInSchemas.TimeType type) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        String layout = type == BuiltInSchemas.TimeType.MICRO_TIME ? MICRO_TIME_LAYOUT : TIME_LAYOUT;
        if (!value.isTextual()) {
            return Optional.of("json: cannot unmarshal " + value.getNodeType().name().toLowerCase() + " into Go value of type string");
        }
        String text = value.asText();
        String prefix = "parsing time " + JSON.valueToTree(text) + " as \"" + layout + "\": cannot parse ";
        Matcher date = DATE.matcher(text);
        if (!date.find()) {
            return Optional.of(prefix + JSON.valueToTree(text) + " as \"2006-01-02\"");
        }
        String afterDate = text.substring(date.end());
        if (!afterDate.startsWith("T")) {
            return Optional.of(prefix + JSON.valueToTree(afterDate) + " as \"T\"");
        }
        Matcher clock = CLOCK.matcher(afterDate.substring(1));
        if (!clock.find()) {
            return Optional.of(prefix + JSON.valueToTree(afterDate.substring(1)) + " as \"15:04:05\"");
        }
        String rest = afterDate.substring(1 + clock.end());
        int digits = 0;
        if (rest.startsWith(".")) {
            while (digits + 1 < rest.length() && Character.isDigit(rest.charAt(digits + 1))) {
                digits++;
            }
        }
        String zone;
        if (type == BuiltInSchemas.TimeType.MICRO_TIME) {
            if (digits < 6) {
                return Optional.of(prefix + JSON.valueToTree(rest) + " as \".000000\"");
            }
            zone = rest.substring(7);
        } else {
            zone = digits > 0 ? rest.substring(digits + 1) : rest;
        }
        if (!ZONE.matcher(zone).matches()) {
            return Optional.of(prefix + JSON.valueToTree(zone) + " as \"Z07:00\"");
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ validation

    private static List<FieldError> nameErrors(String resource, String name) {
        if (name == null || name.isEmpty()) {
            return List.of(new FieldError("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (DNS1123_LABEL_NAMED.contains(resource)) {
            if (name.length() > 63) {
                errors.add(FieldError.invalid("metadata.name", name, "must be no more than 63 characters"));
            }
            if (!DNS1123_LABEL.matcher(name).matches()) {
                errors.add(FieldError.invalid("metadata.name", name, DNS1123_LABEL_MESSAGE));
            }
            return errors;
        }
        if (name.length() > 253) {
            errors.add(FieldError.invalid("metadata.name", name, "must be no more than 253 characters"));
        }
        if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
            errors.add(FieldError.invalid("metadata.name", name, DNS1123_SUBDOMAIN_MESSAGE));
        }
        if ("jobs".equals(resource) && name.length() > 63) {
            // The Job controller labels the pod template with batch.kubernetes.io/job-name=<name>.
            errors.add(FieldError.invalid("spec.template.labels", name, "must be no more than 63 characters"));
        }
        return errors;
    }

    private static List<FieldError> metadataErrors(String path, JsonNode meta) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : fields(meta.path("labels"))) {
            errors.addAll(qualifiedNameErrors(path + ".labels", label.getKey()));
            String value = label.getValue().asText();
            if (value.length() > 63) {
                errors.add(FieldError.invalid(path + ".labels", value, "must be no more than 63 characters"));
            }
            if (!LABEL_VALUE.matcher(value).matches()) {
                errors.add(FieldError.invalid(path + ".labels", value, LABEL_VALUE_MESSAGE));
            }
        }
        long annotationBytes = 0;
        for (Map.Entry<String, JsonNode> annotation : fields(meta.path("annotations"))) {
            errors.addAll(qualifiedNameErrors(path + ".annotations", annotation.getKey()));
            annotationBytes += annotation.getKey().getBytes(StandardCharsets.UTF_8).length
                    + annotation.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
            errors.add(FieldError.tooLong(path + ".annotations", MAX_ANNOTATIONS_BYTES));
        }
        return errors;
    }

    /** apimachinery's {@code IsQualifiedName}: an optional DNS-1123 subdomain prefix, a slash, a name part of at most 63. */
    private static List<FieldError> qualifiedNameErrors(String field, String key) {
        List<FieldError> errors = new ArrayList<>();
        String namePart = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            namePart = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                errors.add(FieldError.invalid(field, key, "prefix part must be non-empty"));
            } else if (prefix.length() > 253 || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
                errors.add(FieldError.invalid(field, key, "prefix part " + DNS1123_SUBDOMAIN_MESSAGE));
            }
        }
        if (namePart.isEmpty()) {
            errors.add(FieldError.invalid(field, key, "name part must be non-empty"));
        } else {
            if (namePart.length() > 63) {
                errors.add(FieldError.invalid(field, key, "name part must be no more than 63 characters"));
            }
            if (!QUALIFIED_NAME.matcher(namePart).matches()) {
                errors.add(FieldError.invalid(field, key, QUALIFIED_NAME_MESSAGE));
            }
        }
        return errors;
    }

    /**
     * {@code ValidateEventCreate} for events.k8s.io/v1: the API server validates the internal Event, so {@code note}
     * is reported as {@code message} and {@code regarding} as {@code involvedObject}.
     */
    private static List<FieldError> eventErrors(JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        if (event.path("eventTime").asText("").isEmpty()) {
            errors.add(FieldError.required("eventTime"));
        }
        String type = event.path("type").asText("");
        if (!"Normal".equals(type) && !"Warning".equals(type)) {
            errors.add(FieldError.invalid("type", "", "has invalid value: " + type));
        }
        String namespace = event.path("metadata").path("namespace").asText("");
        String regardingNamespace = event.path("regarding").path("namespace").asText("");
        if (!regardingNamespace.isEmpty() ? !regardingNamespace.equals(namespace)
                : !namespace.isEmpty() && !"default".equals(namespace) && !"kube-system".equals(namespace)) {
            errors.add(FieldError.invalid("involvedObject.namespace", regardingNamespace, "does not match event.namespace"));
        }
        String controller = event.path("reportingController").asText("");
        if (controller.isEmpty()) {
            errors.add(FieldError.required("reportingController"));
        } else {
            errors.addAll(qualifiedNameErrors("reportingController", controller));
        }
        limited(errors, "reportingInstance", event.path("reportingInstance").asText(""), true, EVENT_FIELD_LIMIT);
        limited(errors, "action", event.path("action").asText(""), true, EVENT_FIELD_LIMIT);
        limited(errors, "reason", event.path("reason").asText(""), true, EVENT_FIELD_LIMIT);
        limited(errors, "message", event.path("note").asText(""), false, EVENT_NOTE_LIMIT);
        for (String deprecated : List.of("deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource")) {
            JsonNode v = event.path(deprecated);
            if (!v.isMissingNode() && !v.isNull() && !(v.isObject() && v.isEmpty()) && !(v.isNumber() && v.asLong() == 0)) {
                errors.add(FieldError.invalid(deprecated, "", "needs to be unset"));
            }
        }
        return errors;
    }

    /** Go's {@code len}: bytes of UTF-8. */
    private static void limited(List<FieldError> errors, String field, String value, boolean required, int limit) {
        if (required && value.isEmpty()) {
            errors.add(FieldError.required(field));
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > limit) {
            errors.add(FieldError.invalid(field, "", "can have at most " + limit + " characters"));
        }
    }

    private static List<FieldError> statusErrors(ApiWrite write) {
        // A patch is left alone: JOSDK removes finalizers with a JSON patch that repeats status it already wrote
        // through /status, which the real server drops harmlessly. A create or a full update carrying status is how
        // a status write gets lost.
        if (!write.statusSubresource() || write.subresource() != null || "patch".equals(write.verb())) {
            return List.of();
        }
        JsonNode status = write.object().path("status");
        boolean changed = "create".equals(write.verb())
                ? !blank(status)
                : write.stored() != null && !(blank(status) && blank(write.stored().path("status")))
                        && !Objects.equals(empty(status), empty(write.stored().path("status")));
        if (!changed) {
            return List.of();
        }
        return List.of(FieldError.forbidden("status", "status is written through the status subresource; kube-apiserver silently "
                + "drops this change (the strict test API server refuses it so that the lost write shows)"));
    }

    /** Null, or an object of nothing but empty lists, objects and nulls (what a model class's initializers serialize to). */
    private static boolean blank(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return true;
        }
        if (node.isObject() || node.isArray()) {
            for (JsonNode child : node) {
                if (!blank(child)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static JsonNode empty(JsonNode status) {
        return status.isMissingNode() || status.isNull() ? JSON.createObjectNode() : status;
    }

    private static JsonNode at(JsonNode object, String dottedPath) {
        JsonNode node = object;
        for (String part : dottedPath.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.isObject() ? node::fields : List.of();
    }
}
