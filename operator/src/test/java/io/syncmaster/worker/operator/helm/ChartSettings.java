package io.syncmaster.worker.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.syncmaster.worker.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the operator container of a rendered chart would read at start-up: the ConfigMap's settings file and the
 * Secret's environment variables, loaded with the production {@link Settings} loader.
 */
final class ChartSettings {
    private static final Path FILES = Path.of("target", "chart-settings");
    private final String configYaml;
    private final Map<String, String> secretEnv;

    private ChartSettings(String configYaml, Map<String, String> secretEnv) {
        this.configYaml = configYaml;
        this.secretEnv = secretEnv;
    }

    static ChartSettings of(RenderedChart chart) {
        return of(chart, HelmChart.RELEASE);
    }

    /** The settings of the release whose resources are named {@code fullname}. */
    static ChartSettings of(RenderedChart chart, String fullname) {
        String yaml = chart.get("ConfigMap", fullname).path("data").path("config.yml").asText();
        Map<String, String> env = new HashMap<>();
        chart.find("Secret", fullname).ifPresent(secret -> secret.path("data").properties().forEach(e ->
                env.put(e.getKey(), new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8))));
        return new ChartSettings(yaml, env);
    }

    JsonNode config() {
        try {
            return new YAMLMapper().readTree(configYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode operatorSection() {
        return config().path("operator");
    }

    Map<String, String> secretEnv() {
        return secretEnv;
    }

    /** The environment of the operator container: the Secret's keys, SYNCMASTER_CONFIG_FILE and {@code extra}. */
    Settings load(Map<String, String> extra) {
        try {
            Files.createDirectories(FILES);
            Path file = FILES.resolve(UUID.randomUUID() + ".yml");
            Files.writeString(file, configYaml);
            Map<String, String> env = new HashMap<>(secretEnv);
            env.put(Settings.CONFIG_FILE_VARIABLE, file.toAbsolutePath().toString());
            env.putAll(extra);
            return Settings.load(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
