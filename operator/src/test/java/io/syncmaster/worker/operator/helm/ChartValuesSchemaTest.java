package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code values.schema.json} describes every value of {@code values.yaml}, and Helm rejects bad values with a
 * message that names the value, before anything is rendered.
 */
class ChartValuesSchemaTest {

    @Test
    void everyDefaultValueIsDescribedByTheSchema() throws IOException {
        JsonNode values = new YAMLMapper().readTree(HelmChart.DIR.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(HelmChart.DIR.resolve("values.schema.json").toFile());
        List<String> missing = new ArrayList<>();
        collectUndescribed("", values, schema, missing);
        assertThat(missing).as("values without a schema entry (or with an untyped one)").isEmpty();
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("unknown top-level values are errors").isFalse();
    }

    @Test
    void everyValueIsInTheReferenceOfDocsHelmMd() throws IOException {
        JsonNode values = new YAMLMapper().readTree(HelmChart.DIR.resolve("values.yaml").toFile());
        JsonNode schema = new ObjectMapper().readTree(HelmChart.DIR.resolve("values.schema.json").toFile());
        String docs = Files.readString(HelmChart.DIR.resolve("../../docs/helm.md"));
        List<String> paths = new ArrayList<>();
        collectPaths("", values, schema, paths);
        assertThat(paths).hasSizeGreaterThan(50).filteredOn(p -> !docs.contains("| `" + p + "` |"))
                .as("values missing from the table of docs/helm.md").isEmpty();
    }

    private static void collectPaths(String path, JsonNode value, JsonNode schema, List<String> paths) {
        if (value.isObject() && !value.isEmpty() && schema.has("properties")) {
            value.properties().forEach(e -> collectPaths(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(),
                    schema.path("properties").path(e.getKey()), paths));
        } else {
            paths.add(path);
        }
    }

    /** Walks the values; objects whose schema lists properties must list every key, with a type and a description. */
    private static void collectUndescribed(String path, JsonNode value, JsonNode schema, List<String> missing) {
        if (!schema.has("type") && !schema.has("anyOf") && !schema.has("oneOf")) {
            missing.add(path + " (no type)");
        }
        if (!path.isEmpty() && schema.path("description").asText().isBlank()) {
            missing.add(path + " (no description)");
        }
        if (value.isObject() && schema.has("properties")) {
            value.properties().forEach(e -> {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode childSchema = schema.path("properties").path(e.getKey());
                if (childSchema.isMissingNode()) {
                    missing.add(child);
                } else {
                    collectUndescribed(child, e.getValue(), childSchema, missing);
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicaCount: 0                                          | '/replicaCount'
            replicas: 2                                              | 'replicas'
            image: {pullPolicy: Sometimes}                           | '/image/pullPolicy'
            queues: [{maxConcurrentRuns: 4}]                         | 'slug'
            queues: [{slug: 1-etl, maxConcurrentRuns: 0}]            | '/queues/0/maxConcurrentRuns'
            queues: [{slug: 'has space'}]                            | '/queues/0/slug'
            queues: [{slug: 1-etl, name: Not_A_Name}]                | '/queues/0/name'
            queues: [{slug: 1-etl, runTemplate: {imge: x}}]          | 'imge'
            metrics: {port: http}                                    | '/metrics/port'
            runs: {ttlSecondsAfterFinished: -1}                      | '/runs/ttlSecondsAfterFinished'
            podDisruptionBudget: {enabled: true, minAvailable: half} | '/podDisruptionBudget/minAvailable'
            """)
    void badValuesAreRejectedNamingTheValue(String values, String named) {
        String error = HelmChart.renderError(values);
        assertThat(error).contains("values don't meet the specifications of the schema").contains(named);
    }

    @Test
    void credentialValuesAreNeverEchoedInSchemaErrors() {
        // Helm prints the offending value in pattern errors: the credential values carry no pattern, and a wrong
        // type is reported without the value.
        String error = HelmChart.renderError("syncmaster: {databaseUrl: [postgresql://u:s3cr3t@h/db]}");
        assertThat(error).contains("/syncmaster/databaseUrl").doesNotContain("s3cr3t");
    }
}
