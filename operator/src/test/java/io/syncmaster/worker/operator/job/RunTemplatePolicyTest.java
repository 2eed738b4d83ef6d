package io.syncmaster.worker.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTemplatePolicyTest {
    private static final String IMAGE = "registry.example/syncmaster/job-runner:1.2.3";

    private static OperatorSettings settings(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SYNCMASTER_CONFIG_FILE", "/nonexistent/config.yml",
                "SYNCMASTER__OPERATOR__JOB_RUNNER_IMAGE", IMAGE,
                "SYNCMASTER__OPERATOR__RUN_DEFAULTS__SERVICE_ACCOUNT_NAME", "syncmaster-worker-run"));
        env.putAll(extra);
        return OperatorSettings.from(Settings.load(env), Map.of("POD_NAMESPACE", "data"));
    }

    private static java.util.Optional<String> check(OperatorSettings s, RunTemplate t) {
        return s.runPolicy().violation(EffectiveRunTemplate.resolve(t, s), s.jobRunnerImage(), s.runDefaults().serviceAccountName());
    }

    @Test
    void byDefaultOnlyTheJobRunnerRepositoryTheDefaultAccountAndNoSecretAreAllowed() {
        OperatorSettings s = settings(Map.of());
        RunTemplate ok = new RunTemplate();
        ok.setImage("registry.example/syncmaster/job-runner:1.2.4");
        ok.setEnv(List.of(new EnvVarBuilder().withName("TZ").withValue("UTC").build()));
        assertThat(check(s, null)).isEmpty();
        assertThat(check(s, ok)).isEmpty();

        RunTemplate image = new RunTemplate();
        image.setImage("evil.example/exfiltrate:latest");
        assertThat(check(s, image)).hasValue("runTemplate.image 'evil.example/exfiltrate:latest' is not in operator.run_policy.images");

        RunTemplate account = new RunTemplate();
        account.setServiceAccountName("syncmaster-worker");
        assertThat(check(s, account)).hasValue("runTemplate.serviceAccountName 'syncmaster-worker' is not in operator.run_policy.service_accounts");

        RunTemplate envFrom = new RunTemplate();
        envFrom.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewSecretRef().withName("syncmaster-worker").endSecretRef().build()));
        assertThat(check(s, envFrom)).hasValue("runTemplate.envFrom reads Secret 'syncmaster-worker', which is not in operator.run_policy.secrets");

        RunTemplate secretRef = new RunTemplate();
        secretRef.setEnv(List.of(new EnvVarBuilder().withName("DB").withNewValueFrom().withNewSecretKeyRef()
                .withName("syncmaster-worker").withKey("SYNCMASTER__DATABASE__URL").endSecretKeyRef().endValueFrom().build()));
        assertThat(check(s, secretRef)).hasValueSatisfying(v -> assertThat(v).contains("reads Secret 'syncmaster-worker'"));

        for (String reserved : List.of("SYNCMASTER__DATABASE__URL", "syncmaster__encryption__secret_key", "JAVA_TOOL_OPTIONS")) {
            RunTemplate env = new RunTemplate();
            env.setEnv(List.of(new EnvVarBuilder().withName(reserved).withValue("x").build()));
            assertThat(check(s, env)).as(reserved).hasValueSatisfying(v -> assertThat(v).contains("'" + reserved + "' is not allowed"));
        }
    }

    @Test
    void theOperatorSettingsWidenTheListsWithNamesAndPrefixes() {
        OperatorSettings s = settings(Map.of(
                "SYNCMASTER__OPERATOR__RUN_POLICY__IMAGES", "[\"registry.example/custom/*\"]",
                "SYNCMASTER__OPERATOR__RUN_POLICY__SERVICE_ACCOUNTS", "[\"spark-driver\"]",
                "SYNCMASTER__OPERATOR__RUN_POLICY__ENV", "[\"TZ\", \"HTTP_*\"]",
                "SYNCMASTER__OPERATOR__RUN_POLICY__SECRETS", "[\"s3-extra\"]"));
        RunTemplate t = new RunTemplate();
        t.setImage("registry.example/custom/runner:2");
        t.setServiceAccountName("spark-driver");
        t.setEnv(List.of(new EnvVarBuilder().withName("HTTP_PROXY").withValue("http://proxy:3128").build()));
        t.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewSecretRef().withName("s3-extra").endSecretRef().build()));
        assertThat(check(s, t)).isEmpty();
        t.setEnv(List.of(new EnvVarBuilder().withName("PATH").withValue("/tmp").build()));
        assertThat(check(s, t)).hasValueSatisfying(v -> assertThat(v).contains("'PATH' is not allowed"));
        assertThat(check(s, null)).as("the default image stays allowed").isEmpty();
    }
}
