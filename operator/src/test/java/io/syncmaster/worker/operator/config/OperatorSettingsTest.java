package io.syncmaster.worker.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmaster.worker.cli.BuildVersion;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorSettingsTest {
    private static Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("SYNCMASTER_CONFIG_FILE", "/nonexistent/config.yml");
        env.put("SYNCMASTER__DATABASE__URL", "postgresql+asyncpg://u:p@db:5432/syncmaster");
        env.put("SYNCMASTER__BROKER__URL", "amqp://guest:guest@rabbit:5672/");
        env.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", "UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=");
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsWithoutAnOperatorSection() {
        OperatorSettings s = OperatorSettings.from(Settings.load(env()), Map.of("POD_NAMESPACE", "etl", "POD_NAME", "op-0"));
        assertThat(s.namespace()).isEqualTo("etl");
        assertThat(s.jobRunnerImage()).isEqualTo("syncmaster-worker/job-runner:" + BuildVersion.get());
        assertThat(s.resync().toSeconds()).isEqualTo(10);
        assertThat(s.metricsPort()).isEqualTo(8080);
        assertThat(s.leaderElection().enabled()).isFalse();
        assertThat(s.leaderElection().identity()).isEqualTo("op-0");
        assertThat(BuildVersion.get()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void yamlSectionUnderEnvironmentOverrides(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("config.yml");
        Files.writeString(yaml, """
                worker:
                  log_url_template: ''
                operator:
                  namespace: data
                  job_runner_image: registry.example/job-runner:9
                  resync_seconds: 3
                  leader_election:
                    enabled: true
                  run_defaults:
                    start_timeout_seconds: 120
                server:
                  debug: true
                """);
        Map<String, String> env = env("SYNCMASTER_CONFIG_FILE", yaml.toString(), "SYNCMASTER__OPERATOR__RESYNC_SECONDS", "5");
        OperatorSettings s = OperatorSettings.from(Settings.load(env), Map.of());
        assertThat(s.namespace()).isEqualTo("data");
        assertThat(s.jobRunnerImage()).isEqualTo("registry.example/job-runner:9");
        assertThat(s.resync().toSeconds()).as("env wins over YAML").isEqualTo(5);
        assertThat(s.leaderElection().enabled()).isTrue();
        assertThat(s.runDefaults().startTimeout().toSeconds()).isEqualTo(120);
        assertThat(s.runDefaults().activeDeadline().toSeconds()).isEqualTo(86_400);
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertThatThrownBy(() -> OperatorSettings.from(Settings.load(env("SYNCMASTER__OPERATOR__RESYNC_SECONDS", "soon")), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("operator.resync_seconds").hasMessageContaining("integer");
        assertThatThrownBy(() -> OperatorSettings.from(Settings.load(env("SYNCMASTER__OPERATOR__PREFETCH", "0")), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("operator.prefetch").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> OperatorSettings.from(Settings.load(env("SYNCMASTER__OPERATOR__LEADER_ELECTION__ENABLED", "maybe")), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("operator.leader_election.enabled");
    }
}
