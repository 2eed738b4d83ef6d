package io.syncmaster.worker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SyncMaster's own settings, read the way its pydantic-settings model reads them (contract §4.3), so a
 * deployment's {@code config.yml} and {@code SYNCMASTER__*} environment (e.g. SyncMaster's {@code .env.docker})
 * configure this worker unchanged.
 *
 * <p>Sources, highest priority first: environment variables {@code SYNCMASTER__SECTION__FIELD[__KEY...]}
 * (names case-insensitive, {@code __} nesting, JSON text for objects and arrays, a whole section as JSON), then the
 * YAML file named by {@code SYNCMASTER_CONFIG_FILE} (default {@code config.yml} in the working directory; a missing
 * file is ignored). Sections are deep-merged leaf by leaf: an environment variable overrides one YAML leaf and
 * keeps its siblings. Section and field names (the first two levels) are lower-cased in every source; keys below
 * them are kept as written (Spark configuration keys are case-sensitive), except the segments of an environment
 * variable name, which are lower-cased like pydantic-settings does. Unknown sections ({@code server},
 * {@code auth}, {@code ui}, {@code scheduler}, ...) are kept in {@link #tree()} and otherwise ignored.
 *
 * <p>How the sources are read and merged is {@link SettingsSources}'; this class is the typed view of the result.
 * The typed accessors validate on call and throw {@link SettingsException} naming the key. Nothing here logs or
 * prints a value. Immutable and thread-safe.
 */
public final class Settings {

    /** Prefix of every SyncMaster environment variable (matched case-insensitively). */
    public static final String ENV_PREFIX = "SYNCMASTER__";
    /** Environment variable naming the YAML file (exact name, as SyncMaster reads it with {@code os.getenv}). */
    public static final String CONFIG_FILE_VARIABLE = "SYNCMASTER_CONFIG_FILE";
    /** YAML file used when {@link #CONFIG_FILE_VARIABLE} is not set, relative to the working directory. */
    public static final String DEFAULT_CONFIG_FILE = "config.yml";

    private static final ObjectMapper BINDER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .findAndRegisterModules();

    private final ObjectNode tree;
    /** lower-cased dotted path of each value set from the environment → the variable's name as given. */
    private final Map<String, String> envOrigins;
    /** lower-cased dotted path of each environment leaf → its raw text (string fields never JSON-decode). */
    private final Map<String, String> envRawValues;
    /** the YAML file that was read, or null. */
    private final Path yamlFile;

    private Settings(SettingsSources.Merged merged) {
        this.tree = merged.tree();
        this.envOrigins = Map.copyOf(merged.envOrigins());
        this.envRawValues = Map.copyOf(merged.envRawValues());
        this.yamlFile = merged.yamlFile();
    }

    /** Reads {@link System#getenv()} and the YAML file it names. */
    public static Settings load() {
        return load(System.getenv());
    }

    /**
     * Reads an explicit environment (tests, or a process that filters its own) and the YAML file named by
     * {@code SYNCMASTER_CONFIG_FILE} in that map (relative paths against the working directory, {@code ~} expanded).
     *
     * @throws SettingsException if the YAML file exists but cannot be read or is not a YAML mapping
     */
    public static Settings load(Map<String, String> env) {
        return new Settings(SettingsSources.load(env));
    }

    /**
     * Builds settings from YAML text instead of a file (tests and tools); {@code SYNCMASTER_CONFIG_FILE} in
     * {@code env} is ignored.
     */
    public static Settings fromYaml(String yamlText, Map<String, String> env) {
        return new Settings(SettingsSources.fromYaml(yamlText, env));
    }

    // ---------------------------------------------------------------------------------------------- generic access

    /** The merged tree (a copy): YAML under the environment, section and field names lower-cased. */
    public JsonNode tree() {
        return tree.deepCopy();
    }

    /** A whole section (a copy), e.g. {@code section("operator")}; empty when no source mentions it. */
    public Optional<JsonNode> section(String name) {
        JsonNode node = tree.get(name.toLowerCase(Locale.ROOT));
        return node == null ? Optional.empty() : Optional.of(node.deepCopy());
    }

    /**
     * The value at a dotted key such as {@code worker.log_url_template} (a copy); empty if absent. The first two
     * segments (section and field) are matched case-insensitively, deeper ones exactly.
     */
    public Optional<JsonNode> value(String dottedKey) {
        JsonNode node = tree;
        String[] segments = dottedKey.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            if (!(node instanceof ObjectNode)) {
                return Optional.empty();
            }
            node = node.get(i < 2 ? segments[i].toLowerCase(Locale.ROOT) : segments[i]);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node.deepCopy());
    }

    /**
     * A string setting. Environment values are taken verbatim (never JSON-decoded), YAML strings as written;
     * YAML numbers and booleans are accepted as their text.
     *
     * @throws SettingsException if the value is an object, an array or null
     */
    public Optional<String> optionalString(String dottedKey) {
        String key = dottedKey.toLowerCase(Locale.ROOT);
        String raw = envRawValues.get(key);
        if (raw != null) {
            return Optional.of(raw);
        }
        Optional<JsonNode> node = value(dottedKey);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        JsonNode n = node.get();
        if (n.isTextual()) {
            return Optional.of(n.textValue());
        }
        if (n.isNumber() || n.isBoolean()) {
            return Optional.of(n.asText());
        }
        throw invalid(dottedKey, "must be a string, not " + describe(n));
    }

    /**
     * A required, non-blank string setting.
     *
     * @throws SettingsException {@code "<key>: field required (set <ENV> or <key> in the YAML file)"}
     */
    public String requiredString(String dottedKey) {
        Optional<String> value = optionalString(dottedKey);
        if (value.isEmpty()) {
            throw required(dottedKey);
        }
        if (value.get().isBlank()) {
            throw invalid(dottedKey, "must not be empty");
        }
        return value.get();
    }

    /** A boolean setting parsed as pydantic does ({@code true/false, 1/0, yes/no, on/off, t/f, y/n}). */
    public Optional<Boolean> optionalBoolean(String dottedKey) {
        Optional<JsonNode> node = value(dottedKey);
        if (node.isEmpty() || node.get().isNull()) {
            return Optional.empty();
        }
        JsonNode n = node.get();
        if (n.isBoolean()) {
            return Optional.of(n.booleanValue());
        }
        if (n.isIntegralNumber() && (n.asLong() == 0 || n.asLong() == 1)) {
            return Optional.of(n.asLong() == 1);
        }
        if (n.isTextual()) {
            switch (n.textValue().strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on", "t", "y" -> {
                    return Optional.of(true);
                }
                case "false", "0", "no", "off", "f", "n" -> {
                    return Optional.of(false);
                }
                default -> { }
            }
        }
        throw invalid(dottedKey, "must be a boolean (true/false)");
    }

    /** An integer setting (YAML number or decimal text). */
    public Optional<Long> optionalLong(String dottedKey) {
        Optional<JsonNode> node = value(dottedKey);
        if (node.isEmpty() || node.get().isNull()) {
            return Optional.empty();
        }
        JsonNode n = node.get();
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Optional.of(n.asLong());
        }
        if (n.isTextual()) {
            try {
                return Optional.of(Long.parseLong(n.textValue().strip().replace("_", "")));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw invalid(dottedKey, "must be an integer");
    }

    /**
     * Binds a whole section (e.g. operator-only settings) to a Jackson-mappable type; unknown keys are ignored,
     * scalar text such as {@code "30"} or {@code "true"} from environment variables is coerced.
     *
     * @throws SettingsException naming the offending key, without its value
     */
    public <T> T bind(String sectionName, Class<T> type) {
        JsonNode node = section(sectionName).orElseGet(JsonNodeFactory.instance::objectNode);
        try {
            return BINDER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String path = sectionName.toLowerCase(Locale.ROOT);
            if (e instanceof JsonMappingException mapping) {
                StringBuilder sb = new StringBuilder(path);
                for (JsonMappingException.Reference ref : mapping.getPath()) {
                    sb.append('.').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
                }
                path = sb.toString();
            }
            throw invalid(path, "has an invalid value for " + type.getSimpleName());
        }
    }

    /** The environment variable that sets a dotted key: {@code database.url} → {@code SYNCMASTER__DATABASE__URL}. */
    public static String envVarName(String dottedKey) {
        return ENV_PREFIX + dottedKey.toUpperCase(Locale.ROOT).replace(".", "__");
    }

    /** Where a key's value came from, for error messages: an environment variable name or the YAML file. */
    String origin(String dottedKey) {
        String key = dottedKey.toLowerCase(Locale.ROOT);
        while (true) {
            String name = envOrigins.get(key);
            if (name != null) {
                return "environment variable " + name;
            }
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                break;
            }
            key = key.substring(0, dot);
        }
        return yamlFile != null ? "YAML file " + yamlFile : "YAML";
    }

    SettingsException required(String dottedKey) {
        return new SettingsException(dottedKey,
                "field required (set " + envVarName(dottedKey) + " or " + dottedKey + " in the YAML file)");
    }

    SettingsException invalid(String dottedKey, String problem) {
        return new SettingsException(dottedKey, problem + " (from " + origin(dottedKey) + ")");
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    // ---------------------------------------------------------------------------------------------- typed sections

    /**
     * {@code database.url} (required), checked by converting it to JDBC.
     *
     * @throws SettingsException if missing or not a usable PostgreSQL SQLAlchemy URL
     */
    public DatabaseSettings database() {
        requireObjectSection("database");
        DatabaseSettings settings = new DatabaseSettings(requiredString("database.url"));
        settings.jdbc();
        return settings;
    }

    /**
     * {@code broker.url} (required), checked by parsing it with kombu's rules.
     *
     * @throws SettingsException if missing or not an AMQP URL
     */
    public BrokerSettings broker() {
        requireObjectSection("broker");
        BrokerSettings settings = new BrokerSettings(requiredString("broker.url"));
        settings.address();
        return settings;
    }

    /**
     * {@code encryption.secret_key} (required, a Fernet key).
     *
     * @throws SettingsException if missing or not 32 URL-safe base64-encoded bytes
     */
    public EncryptionSettings encryption() {
        requireObjectSection("encryption");
        return EncryptionSettings.of(requiredString("encryption.secret_key"));
    }

    /**
     * The {@code worker} section. Like SyncMaster, the section itself is required: with no {@code worker:} key in
     * YAML and no {@code SYNCMASTER__WORKER*} variable, this fails with {@code worker: field required}.
     */
    public WorkerSettings worker() {
        if (!tree.has("worker")) {
            throw new SettingsException("worker", "field required (set SYNCMASTER__WORKER__LOG_URL_TEMPLATE, "
                    + "SYNCMASTER__WORKER='{}' or a worker: section in the YAML file)");
        }
        requireObjectSection("worker");
        return WorkerSettings.from(this);
    }

    /** The optional {@code hwm_store} section (Horizon credentials for incremental transfers). */
    public HwmStoreSettings hwmStore() {
        if (tree.has("hwm_store")) {
            requireObjectSection("hwm_store");
        }
        return HwmStoreSettings.from(this);
    }

    private void requireObjectSection(String name) {
        JsonNode node = tree.get(name);
        if (node != null && !node.isObject()) {
            throw invalid(name, "must be a mapping (a YAML section or a JSON object), not " + describe(node));
        }
    }

    /** Lists the top-level sections present, never their values. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return "Settings[sections=" + names + ", yamlFile=" + (yamlFile == null ? "none" : yamlFile) + "]";
    }
}
