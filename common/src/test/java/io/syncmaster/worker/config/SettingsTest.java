package io.syncmaster.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.syncmaster.worker.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    /** Every secret value used in the fixtures below: none may appear in a message or toString. */
    private static final List<String> SECRETS = List.of("s3cr@t-db", "s3cr%40t-db", "s3cr3t-mq", "yaml-db-pass",
            "h0rizon-pass!", TestKeys.FERNET_KEY, "keycloak_client_secret", "S3CRET");

    @BeforeAll
    static void tmpdirExists() throws IOException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = SettingsTest.class.getResourceAsStream("/settings/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads a docker env file the way docker compose passes it: KEY=VALUE lines, values verbatim. */
    private static Map<String, String> envFile(String name) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : resource(name).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    private Map<String, String> withConfigFile(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("config.yml");
        Files.writeString(file, yaml);
        Map<String, String> copy = new HashMap<>(env);
        copy.put("SYNCMASTER_CONFIG_FILE", file.toString());
        return copy;
    }

    private static void assertNoSecret(Object text) {
        for (String secret : SECRETS) {
            assertThat(String.valueOf(text)).doesNotContain(secret);
        }
    }

    @Test
    void aDockerStyleEnvironmentWorksUnchanged() throws IOException {
        Map<String, String> env = envFile("docker-style.env");
        env.put("SYNCMASTER_CONFIG_FILE", dir.resolve("absent.yml").toString()); // no file in the container
        Settings settings = Settings.load(env);

        JdbcTarget jdbc = settings.database().jdbc();
        assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/syncmaster");
        assertThat(jdbc.user()).isEqualTo("syncmaster");
        assertThat(jdbc.password()).isEqualTo("s3cr@t-db");

        BrokerAddress broker = settings.broker().address();
        assertThat(broker.host()).isEqualTo("rabbitmq");
        assertThat(broker.port()).isEqualTo(5672);
        assertThat(broker.virtualHost()).isEqualTo("/");
        assertThat(broker.username()).isEqualTo("guest");
        assertThat(broker.password()).isEqualTo("s3cr3t-mq");

        assertThat(settings.encryption().secretKey()).isEqualTo(TestKeys.FERNET_KEY);
        assertThat(settings.worker().logUrlTemplate()).isEqualTo(
                "https://logs.location.example.com/syncmaster-worker?correlation_id={{ correlation_id }}"
                        + "&run_id={{ run.id }}");
        assertThat(settings.worker().sparkSessionDefaultConfig()).isEmpty();

        HwmStoreSettings hwm = settings.hwmStore();
        assertThat(hwm.enabled()).isTrue();
        assertThat(hwm.type()).isEqualTo("horizon");
        assertThat(hwm.url()).isEqualTo("http://horizon:8000");
        assertThat(hwm.password()).isEqualTo("h0rizon-pass!");

        // other processes' sections are kept (JSON decoded) but never validated
        assertThat(settings.section("server").orElseThrow().at("/cors/allow_origins/0").asText())
                .isEqualTo("http://localhost:3000");
        assertThat(settings.section("server").orElseThrow().at("/cors/expose_headers").size()).isEqualTo(3);
        assertThat(settings.tree().has("postgres_password")).isFalse();

        assertNoSecret(settings);
        assertNoSecret(settings.database());
        assertNoSecret(settings.broker());
        assertNoSecret(settings.encryption());
        assertNoSecret(settings.hwmStore());
        assertNoSecret(jdbc);
        assertNoSecret(broker);
    }

    @Test
    void yamlFileIsReadWithSectionAndFieldNamesLowerCased() throws IOException {
        Settings settings = Settings.load(withConfigFile(resource("config.yml"), Map.of()));
        assertThat(settings.database().jdbc().password()).isEqualTo("yaml-db-pass");
        WorkerSettings worker = settings.worker();
        assertThat(worker.logUrlTemplate()).isEqualTo("https://logs.example.com/?run={{ run.id }}");
        // keys below the field level keep their case (Spark keys are case-sensitive); values as PySpark passes them
        assertThat(worker.sparkSessionDefaultConfig()).containsExactly(
                Map.entry("spark.master", "local"),
                Map.entry("spark.sql.adaptive.coalescePartitions.enabled", "true"),
                Map.entry("spark.executor.cores", "2"),
                Map.entry("spark.memory.fraction", "0.5"));
        assertThat(settings.hwmStore().enabled()).isFalse();
        assertThat(settings.section("superusers").orElseThrow().get(0).asText()).isEqualTo("admin");
    }

    @Test
    void environmentOverridesSingleYamlLeavesAndKeepsSiblings() throws IOException {
        String yaml = "database:\n  url: postgresql://y:yaml-db-pass@yamlhost/db\n  pool_size: 5\n"
                + "worker:\n  log_url_template: from-yaml\n  spark_session_default_config:\n"
                + "    spark.master: local\n    spark.ui.enabled: false\n";
        Map<String, String> env = new HashMap<>();
        env.put("SYNCMASTER__DATABASE__URL", "postgresql://e:S3CRET@envhost/db");
        env.put("SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG", "{\"spark.ui.enabled\": true, \"spark.x\": 1}");
        Settings settings = Settings.load(withConfigFile(yaml, env));
        assertThat(settings.database().jdbc().host()).isEqualTo("envhost");
        assertThat(settings.value("database.pool_size").orElseThrow().asInt()).isEqualTo(5);
        assertThat(settings.worker().logUrlTemplate()).isEqualTo("from-yaml");
        assertThat(settings.worker().sparkSessionDefaultConfig()).containsExactly(
                Map.entry("spark.master", "local"),
                Map.entry("spark.ui.enabled", "true"),
                Map.entry("spark.x", "1"));
    }

    @Test
    void environmentNamesAreCaseInsensitive() {
        Map<String, String> env = Map.of(
                "syncmaster__database__url", "postgresql://u:S3CRET@lower/db",
                "SyncMaster__Broker__Url", "amqp://mixed",
                "SYNCMASTER__ENCRYPTION__secret_KEY", TestKeys.FERNET_KEY,
                "syncmaster__worker__log_url_template", "x");
        Settings settings = Settings.load(env);
        assertThat(settings.database().jdbc().host()).isEqualTo("lower");
        assertThat(settings.broker().address().host()).isEqualTo("mixed");
        assertThat(settings.encryption().secretKey()).isEqualTo(TestKeys.FERNET_KEY);
        assertThat(settings.worker().logUrlTemplate()).isEqualTo("x");

        // nesting below the field level works too; such names are lower-cased like every variable name
        Settings nested = Settings.load(Map.of(
                "SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG__SPARK.MASTER", "local[4]"));
        assertThat(nested.worker().sparkSessionDefaultConfig()).containsExactly(Map.entry("spark.master", "local[4]"));
    }

    @Test
    void wholeSectionsAsJsonWithDeeperVariablesWinning() {
        Map<String, String> env = new HashMap<>();
        env.put("SYNCMASTER__WORKER", "{\"LOG_URL_TEMPLATE\": \"from-json\", \"spark_session_default_config\": "
                + "{\"spark.master\": \"local[2]\", \"spark.Case\": \"kept\"}}");
        env.put("SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG", "{\"spark.extra\": \"v\"}");
        env.put("SYNCMASTER__DATABASE", "{\"url\": \"postgresql://u:S3CRET@jsonhost/db\"}");
        Settings settings = Settings.load(env);
        assertThat(settings.worker().logUrlTemplate()).isEqualTo("from-json");
        assertThat(settings.worker().sparkSessionDefaultConfig()).containsExactly(
                Map.entry("spark.master", "local[2]"), Map.entry("spark.Case", "kept"), Map.entry("spark.extra", "v"));
        assertThat(settings.database().jdbc().host()).isEqualTo("jsonhost");
    }

    @Test
    void anEmptyWorkerSectionIsEnoughAndDefaultsApply() {
        Settings settings = Settings.load(Map.of("SYNCMASTER__WORKER", "{}"));
        assertThat(settings.worker().logUrlTemplate()).isEmpty();
        assertThat(settings.worker().sparkSessionDefaultConfig()).isEmpty();
        assertThat(settings.worker().createSparkSessionFunction())
                .isEqualTo("syncmaster.worker.spark.get_worker_spark_session");
        assertThat(settings.hwmStore().enabled()).isFalse();
    }

    @Test
    void stringSettingsAreNeverJsonDecoded() {
        Settings settings = Settings.load(Map.of("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", "{{ run.id }}",
                "SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY));
        assertThat(settings.worker().logUrlTemplate()).isEqualTo("{{ run.id }}");
        Settings listLike = Settings.load(Map.of("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", "[\"a\"]"));
        assertThat(listLike.worker().logUrlTemplate()).isEqualTo("[\"a\"]");
    }

    @Test
    void missingConfigFileIsIgnoredAndUnknownVariablesTooAndMalformedNamesSkipped() {
        Map<String, String> env = new HashMap<>();
        env.put("SYNCMASTER_CONFIG_FILE", dir.resolve("nope.yml").toString());
        env.put("SYNCMASTER__", "x");
        env.put("SYNCMASTER____WORKER", "x");
        env.put("SYNCMASTER__WORKER__", "x");
        env.put("SYNCMASTER_WORKER__LOG_URL_TEMPLATE", "single underscore: not ours");
        Settings settings = Settings.load(env);
        assertThat(settings.tree().size()).isZero();
    }

    @Test
    void requiredValuesNameTheKeyAndWhereToSetIt() {
        Settings empty = Settings.load(Map.of("SYNCMASTER_CONFIG_FILE", dir.resolve("nope.yml").toString()));
        assertThatThrownBy(empty::database).isInstanceOf(SettingsException.class).hasMessage(
                "database.url: field required (set SYNCMASTER__DATABASE__URL or database.url in the YAML file)");
        assertThatThrownBy(empty::broker).hasMessage(
                "broker.url: field required (set SYNCMASTER__BROKER__URL or broker.url in the YAML file)");
        assertThatThrownBy(empty::encryption).hasMessageStartingWith("encryption.secret_key: field required");
        assertThatThrownBy(empty::worker).hasMessageStartingWith("worker: field required");
        assertThat(((SettingsException) catchThrowable(empty::database)).key()).isEqualTo("database.url");
    }

    @Test
    void invalidValuesNameTheKeyTheSourceAndNeverTheValue() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SYNCMASTER__DATABASE__URL", "mysql://u:S3CRET@h/db");
        env.put("SYNCMASTER__BROKER__URL", "redis://:S3CRET@h");
        env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", "S3CRET-not-a-key");
        env.put("SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG", "{not json S3CRET");
        Settings settings = Settings.load(env);
        assertThatThrownBy(settings::database).hasMessageStartingWith("database.url: unsupported scheme 'mysql'")
                .satisfies(e -> assertNoSecret(e.getMessage()));
        assertThatThrownBy(settings::broker).hasMessageStartingWith("broker.url: unsupported scheme 'redis'")
                .satisfies(e -> assertNoSecret(e.getMessage()));
        assertThatThrownBy(settings::encryption).hasMessageStartingWith("encryption.secret_key: Fernet key")
                .satisfies(e -> assertNoSecret(e.getMessage()));
        assertThatThrownBy(settings::worker)
                .hasMessage("worker.spark_session_default_config: must be a JSON object / YAML mapping of Spark "
                        + "settings, not a string (from environment variable "
                        + "SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG)");

        Settings nested = Settings.load(withConfigFile(
                "worker:\n  spark_session_default_config:\n    spark.x: {a: 1}\nhwm_store:\n  enabled: maybe\n"
                        + "database: postgresql://u:S3CRET@h/db\n", Map.of()));
        assertThatThrownBy(nested::worker).hasMessageContaining("value of 'spark.x' must be a string, number or boolean")
                .hasMessageContaining("YAML file");
        assertThatThrownBy(nested::hwmStore).hasMessageStartingWith("hwm_store.enabled: must be a boolean");
        assertThatThrownBy(nested::database).hasMessageStartingWith("database: must be a mapping")
                .satisfies(e -> assertNoSecret(e.getMessage()));
    }

    @Test
    void enabledHwmStoreNeedsEveryField() {
        Settings settings = Settings.load(Map.of("SYNCMASTER__HWM_STORE__ENABLED", "yes",
                "SYNCMASTER__HWM_STORE__TYPE", "horizon", "SYNCMASTER__HWM_STORE__URL", "http://h"));
        assertThatThrownBy(settings::hwmStore).hasMessageStartingWith(
                "hwm_store.user: required when hwm_store.enabled is true (set SYNCMASTER__HWM_STORE__USER");
        Settings wrongType = Settings.load(Map.of("SYNCMASTER__HWM_STORE__TYPE", "etcd"));
        assertThatThrownBy(wrongType::hwmStore).hasMessageStartingWith("hwm_store.type: only 'horizon' is supported");
    }

    @Test
    void brokenYamlIsReportedByLocationOnly() throws IOException {
        Map<String, String> env = withConfigFile("database:\n  url: [unclosed S3CRET\n", Map.of());
        assertThatThrownBy(() -> Settings.load(env))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("SYNCMASTER_CONFIG_FILE: the YAML file ")
                .hasMessageContaining("is not valid YAML at line")
                .satisfies(e -> assertNoSecret(e.getMessage()));
        Map<String, String> scalar = withConfigFile("just a string", Map.of());
        assertThatThrownBy(() -> Settings.load(scalar)).hasMessageContaining("must contain a mapping of sections");
        Settings emptyFile = Settings.load(withConfigFile("", Map.of()));
        assertThat(emptyFile.tree().size()).isZero();
    }

    /** An operator-style section bound to a class, with env text coerced to numbers and booleans. */
    public static final class OperatorSection {
        @JsonProperty("namespace")
        public String namespace;
        @JsonProperty("resync_period_seconds")
        public int resyncPeriodSeconds = 300;
        @JsonProperty("dry_run")
        public boolean dryRun;
    }

    @Test
    void sectionsBindToClasses() throws IOException {
        Settings settings = Settings.load(withConfigFile("operator:\n  namespace: sm\n  resync_period_seconds: 60\n",
                Map.of("SYNCMASTER__OPERATOR__DRY_RUN", "true", "SYNCMASTER__OPERATOR__RESYNC_PERIOD_SECONDS", "90")));
        OperatorSection section = settings.bind("operator", OperatorSection.class);
        assertThat(section.namespace).isEqualTo("sm");
        assertThat(section.resyncPeriodSeconds).isEqualTo(90);
        assertThat(section.dryRun).isTrue();
        assertThat(Settings.load(Map.of()).bind("operator", OperatorSection.class).resyncPeriodSeconds).isEqualTo(300);
        Settings bad = Settings.load(Map.of("SYNCMASTER__OPERATOR__RESYNC_PERIOD_SECONDS", "soon"));
        assertThatThrownBy(() -> bad.bind("operator", OperatorSection.class))
                .hasMessageStartingWith("operator.resync_period_seconds: has an invalid value")
                .hasMessageNotContaining("soon");
    }

    @Test
    void typedHelpersParseLikePydantic() {
        Settings settings = Settings.load(Map.of("SYNCMASTER__OPERATOR__A", "Off", "SYNCMASTER__OPERATOR__B", "1_000",
                "SYNCMASTER__OPERATOR__C", "x"));
        assertThat(settings.optionalBoolean("operator.a")).contains(false);
        assertThat(settings.optionalLong("operator.b")).contains(1000L);
        assertThat(settings.optionalString("operator.c")).contains("x");
        assertThat(settings.optionalString("operator.missing")).isEmpty();
        assertThatThrownBy(() -> settings.optionalBoolean("operator.c")).hasMessageStartingWith("operator.c: must be");
        assertThat(Settings.envVarName("worker.log_url_template")).isEqualTo("SYNCMASTER__WORKER__LOG_URL_TEMPLATE");
    }

    private static Throwable catchThrowable(ThrowableAssert.ThrowingCallable call) {
        return Assertions.catchThrowable(call);
    }
}
