package io.syncmaster.worker.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerInstallationTest {

    private static final String DB_URL = "postgresql+asyncpg://syncmaster:db-secret@db:5432/syncmaster";

    @TempDir
    Path dir;

    private Settings settings() {
        return Settings.load(Map.of("SYNCMASTER_CONFIG_FILE", "/nonexistent.yml",
                "SYNCMASTER__DATABASE__URL", DB_URL,
                "SYNCMASTER__BROKER__URL", "amqp://u:broker-secret@mq:5672//",
                "SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY));
    }

    @Test
    void theCommandIsTheJobRunnersInterfaceWithNoSecretInIt() throws Exception {
        Path jar = Files.createFile(dir.resolve(JobRunnerInstallation.JAR_NAME));
        Path options = Files.createFile(dir.resolve(JobRunnerInstallation.JVM_OPTIONS_NAME));
        Path agent = Files.createFile(dir.resolve("agent.jar"));
        JobRunnerInstallation installation = new JobRunnerInstallation(JobRunnerInstallation.currentJava(), jar, options,
                List.of("-Xmx2g"), agent, Map.of("spark.ui.enabled", "false"),
                ChildEnvironment.from(Map.of()));

        List<String> command = installation.command(42, dir.resolve("run-42.json"), dir.resolve("run-42.log"));

        assertThat(command).containsExactly(JobRunnerInstallation.currentJava().toString(), "@" + options, "-Xmx2g",
                "-javaagent:" + agent, "-jar", jar.toString(), "run", "--run-id", "42",
                "--run-spec", dir.resolve("run-42.json").toString(), "--termination-log",
                dir.resolve("run-42.log").toString(), "--conf", "spark.ui.enabled=false");
        assertThat(String.join(" ", command)).doesNotContain("db-secret", TestKeys.FERNET_KEY, "broker-secret");
        assertThat(installation.toString()).doesNotContain("db-secret", TestKeys.FERNET_KEY);
    }

    @Test
    void theChildEnvironmentCarriesNoSyncMasterSettingAtAll() {
        Map<String, String> parent = new HashMap<>();
        parent.put("PATH", "/usr/bin");
        parent.put("syncmaster__database__url", "postgresql://stale");
        parent.put("SYNCMASTER__BROKER__URL", "amqp://u:broker-secret@mq//");
        parent.put("SYNCMASTER__WORKER__LOG_URL_TEMPLATE", "x");
        parent.put("SYNCMASTER__ENCRYPTION__SECRET_KEY", TestKeys.FERNET_KEY);
        parent.put("SYNCMASTER_CONFIG_FILE", "/etc/syncmaster/config.yml");
        ChildEnvironment env = ChildEnvironment.from(parent);

        Map<String, String> applied = new HashMap<>(Map.of("INHERITED", "1"));
        env.applyTo(applied);

        // Everything about the run comes from its 0600 run spec file: no database URL, no Fernet key, no settings file.
        assertThat(applied).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("SYNCMASTER_CONFIG_FILE", ""));
        assertThat(env.toString()).doesNotContain("db-secret", TestKeys.FERNET_KEY);
    }

    @Test
    void missingFilesAreNamed() {
        Path missing = dir.resolve("nope.jar");
        assertThatThrownBy(() -> new JobRunnerInstallation(JobRunnerInstallation.currentJava(), missing, missing,
                List.of(), missing, Map.of(), ChildEnvironment.from(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job-runner jar not found: " + missing);
    }

    @Test
    void theDefaultSearchFindsTheSourceTreeBuildUnderTheWorkingDirectory() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("job-runner/target")).resolve(JobRunnerInstallation.JAR_NAME);
        assertThat(JobRunnerInstallation.findJar(dir)).isEmpty();
        Files.createFile(jar);
        assertThat(JobRunnerInstallation.findJar(dir)).contains(jar);
        assertThat(JobRunnerInstallation.defaultJvmOptions(jar)).isEqualTo(jar.resolveSibling("jvm.options"));
    }

    @Test
    void workerOptionsRejectNonsense() {
        assertThatThrownBy(() -> WorkerOptions.defaults(List.of(), 1, dir)).hasMessageContaining("-Q");
        assertThatThrownBy(() -> WorkerOptions.defaults(List.of("a", "a"), 1, dir)).hasMessageContaining("distinct");
        assertThatThrownBy(() -> WorkerOptions.defaults(List.of("a"), 0, dir)).hasMessageContaining("--concurrency");
        assertThat(WorkerCommand.splitOptions(" -Xmx2g  -XX:+UseG1GC ")).containsExactly("-Xmx2g", "-XX:+UseG1GC");
        assertThat(WorkerCommand.splitOptions(null)).isEmpty();
    }
}
