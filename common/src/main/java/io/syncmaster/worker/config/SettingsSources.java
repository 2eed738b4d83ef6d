package io.syncmaster.worker.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sources of {@link Settings} and how they merge, as pydantic-settings does (contract §4.3): the YAML file named
 * by {@code SYNCMASTER_CONFIG_FILE}, then {@code SYNCMASTER__*} variables on top of it, leaf by leaf, section and
 * field names lower-cased. Remembers which variable set which key, for error messages that name the source.
 */
final class SettingsSources {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    /**
     * The merged settings tree.
     *
     * @param tree         YAML under the environment
     * @param envOrigins   lower-cased dotted path of each value set from the environment → the variable's name as given
     * @param envRawValues lower-cased dotted path of each environment leaf → its raw text
     * @param yamlFile     the YAML file that was read, or null
     */
    record Merged(ObjectNode tree, Map<String, String> envOrigins, Map<String, String> envRawValues, Path yamlFile) {
    }

    private SettingsSources() {
    }

    /** The environment and the YAML file it names (see {@link Settings#load(Map)}). */
    static Merged load(Map<String, String> env) {
        String configured = env.get(Settings.CONFIG_FILE_VARIABLE);
        Path file = resolveConfigFile(configured == null ? Settings.DEFAULT_CONFIG_FILE : configured);
        ObjectNode yaml = JsonNodeFactory.instance.objectNode();
        Path readFile = null;
        if (file != null && Files.isRegularFile(file)) {
            yaml = readYaml(file);
            readFile = file;
        }
        return merge(yaml, env, readFile);
    }

    /** YAML text instead of a file, under the environment. */
    static Merged fromYaml(String yamlText, Map<String, String> env) {
        return merge(parseYaml(yamlText, "YAML text"), env, null);
    }

    private static Merged merge(ObjectNode yaml, Map<String, String> env, Path yamlFile) {
        normalizeSectionAndFieldNames(yaml, 1);
        Map<String, String> origins = new HashMap<>();
        Map<String, String> raw = new HashMap<>();
        ObjectNode fromEnv = readEnvironment(env, origins, raw);
        ObjectNode merged = yaml.deepCopy();
        deepMerge(merged, fromEnv);
        return new Merged(merged, origins, raw, yamlFile);
    }


    private static Path resolveConfigFile(String configured) {
        if (configured.isBlank()) {
            return null; // pydantic-settings: Path("") is the working directory, not a file → ignored
        }
        if (configured.equals("~") || configured.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + configured.substring(1));
        }
        return Path.of(configured);
    }

    private static ObjectNode readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SettingsException(Settings.CONFIG_FILE_VARIABLE,
                    "cannot read the YAML file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return parseYaml(text, "the YAML file " + file);
    }

    private static ObjectNode parseYaml(String text, String what) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // the parser's own message can quote the document (secrets): only the location is reported
            throw new SettingsException(Settings.CONFIG_FILE_VARIABLE, what + " is not valid YAML" + where);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new SettingsException(Settings.CONFIG_FILE_VARIABLE, what + " must contain a mapping of sections");
        }
        return (ObjectNode) root;
    }

    private static ObjectNode readEnvironment(Map<String, String> env, Map<String, String> origins,
                                              Map<String, String> raw) {
        record EnvEntry(String name, List<String> path, String value) { }
        List<EnvEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name == null || e.getValue() == null
                    || !name.toUpperCase(Locale.ROOT).startsWith(Settings.ENV_PREFIX)) {
                continue;
            }
            String[] segments = name.substring(Settings.ENV_PREFIX.length()).split("__", -1);
            List<String> path = new ArrayList<>();
            boolean valid = segments.length > 0;
            for (String segment : segments) {
                if (segment.isEmpty()) {
                    valid = false;
                    break;
                }
                path.add(segment.toLowerCase(Locale.ROOT));
            }
            if (valid) {
                entries.add(new EnvEntry(name, path, e.getValue()));
            }
        }
        // a whole section first, then deeper variables on top of it (pydantic-settings explode_env_vars); names
        // that differ only in case are applied in a fixed order so the result never depends on map iteration
        entries.sort(Comparator.<EnvEntry>comparingInt(x -> x.path().size()).thenComparing(EnvEntry::name));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (EnvEntry entry : entries) {
            JsonNode value = decodeEnvValue(entry.value());
            if (value.isObject()) {
                normalizeSectionAndFieldNames((ObjectNode) value, entry.path().size() + 1);
            }
            ObjectNode parent = root;
            for (String segment : entry.path().subList(0, entry.path().size() - 1)) {
                JsonNode child = parent.get(segment);
                if (!(child instanceof ObjectNode)) {
                    child = parent.putObject(segment);
                }
                parent = (ObjectNode) child;
            }
            String leaf = entry.path().get(entry.path().size() - 1);
            JsonNode existing = parent.get(leaf);
            if (existing instanceof ObjectNode existingObject && value.isObject()) {
                deepMerge(existingObject, value);
            } else {
                parent.set(leaf, value);
            }
            String dotted = String.join(".", entry.path());
            origins.put(dotted, entry.name());
            raw.put(dotted, entry.value());
        }
        return root;
    }

    /** JSON text for objects and arrays (pydantic decodes complex fields); anything else stays a string. */
    private static JsonNode decodeEnvValue(String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode parsed = JSON.readTree(trimmed);
                if (parsed != null && (parsed.isObject() || parsed.isArray())) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                // not JSON: a plain string such as a Jinja template "{{ run.id }}"; typed accessors complain
                // if a dict was expected
            }
        }
        return TextNode.valueOf(value);
    }

    /** Lower-cases keys at absolute depth 1 (sections) and 2 (fields); deeper keys are kept as written. */
    private static void normalizeSectionAndFieldNames(ObjectNode node, int depth) {
        if (depth > 2) {
            return;
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = node.get(name);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(name)) {
                node.remove(name);
                JsonNode existing = node.get(lower);
                if (existing instanceof ObjectNode existingObject && value.isObject()) {
                    deepMerge(existingObject, value);
                    value = existingObject;
                } else {
                    node.set(lower, value);
                }
            }
            if (value instanceof ObjectNode child) {
                normalizeSectionAndFieldNames(child, depth + 1);
            }
        }
    }

    /** Merges {@code overlay} into {@code base}: objects recursively, everything else replaced. */
    private static void deepMerge(ObjectNode base, JsonNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue().isObject()) {
                deepMerge(currentObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }
}
