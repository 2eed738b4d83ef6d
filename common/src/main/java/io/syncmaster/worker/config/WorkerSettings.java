package io.syncmaster.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncmaster.worker.json.PythonJson;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SyncMaster's {@code worker} section, as far as a Java worker can use it.
 *
 * <p>{@code log_url_template} is the Jinja template of the run's {@code log_url};
 * {@code spark_session_default_config} is the base Spark configuration. {@code create_spark_session_function} is
 * a Python import path with no Java meaning: it is exposed verbatim for information and otherwise ignored.
 */
public final class WorkerSettings {

    /** SyncMaster's default {@code worker.create_spark_session_function}. */
    public static final String DEFAULT_CREATE_SPARK_SESSION_FUNCTION =
            "syncmaster.worker.spark.get_worker_spark_session";

    private final String logUrlTemplate;
    private final Map<String, String> sparkSessionDefaultConfig;
    private final String createSparkSessionFunction;

    private WorkerSettings(String logUrlTemplate, Map<String, String> sparkSessionDefaultConfig,
                           String createSparkSessionFunction) {
        this.logUrlTemplate = logUrlTemplate;
        this.sparkSessionDefaultConfig = Collections.unmodifiableMap(sparkSessionDefaultConfig);
        this.createSparkSessionFunction = createSparkSessionFunction;
    }

    /** Explicit values (tests, tools). */
    public static WorkerSettings of(String logUrlTemplate, Map<String, String> sparkSessionDefaultConfig) {
        return new WorkerSettings(logUrlTemplate, new LinkedHashMap<>(sparkSessionDefaultConfig),
                DEFAULT_CREATE_SPARK_SESSION_FUNCTION);
    }

    static WorkerSettings from(Settings settings) {
        String template = settings.optionalString("worker.log_url_template").orElse("");
        String function = settings.optionalString("worker.create_spark_session_function")
                .orElse(DEFAULT_CREATE_SPARK_SESSION_FUNCTION);
        Map<String, String> sparkConfig = new LinkedHashMap<>();
        String key = "worker.spark_session_default_config";
        Optional<JsonNode> config = settings.value(key);
        if (config.isPresent() && !config.get().isNull()) {
            JsonNode node = config.get();
            if (!node.isObject()) {
                throw settings.invalid(key, "must be a JSON object / YAML mapping of Spark settings, not "
                        + Settings.describe(node));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                sparkConfig.put(field.getKey(), sparkValue(settings, key, field.getKey(), field.getValue()));
            }
        }
        return new WorkerSettings(template, sparkConfig, function);
    }

    /** PySpark's {@code to_str}: booleans lower-case, numbers as Python prints them, strings as they are. */
    private static String sparkValue(Settings settings, String key, String sparkKey, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (value.isNumber()) {
            return PythonJson.number(value.numberValue());
        }
        throw settings.invalid(key, "value of '" + sparkKey + "' must be a string, number or boolean, not "
                + Settings.describe(value));
    }

    /** The Jinja template for {@code run.log_url}; {@code ""} by default (stored as {@code ''}). */
    public String logUrlTemplate() {
        return logUrlTemplate;
    }

    /** The base Spark configuration, values as strings the way PySpark passes them; empty by default. */
    public Map<String, String> sparkSessionDefaultConfig() {
        return sparkSessionDefaultConfig;
    }

    /** The Python import path configured upstream (informative only: the Java job-runner builds its own session). */
    public String createSparkSessionFunction() {
        return createSparkSessionFunction;
    }

    @Override
    public String toString() {
        // the Spark configuration may hold credentials (e.g. spark.hadoop.fs.s3a.secret.key): keys only
        return "WorkerSettings[logUrlTemplate=" + logUrlTemplate + ", sparkSessionDefaultConfig keys="
                + sparkSessionDefaultConfig.keySet() + "]";
    }
}
