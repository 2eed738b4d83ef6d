package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.syncmaster.worker.cli.BuildVersion;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.config.SettingsException;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunSpec;
import io.syncmaster.worker.operator.job.EffectiveRunTemplate;
import io.syncmaster.worker.operator.job.RunJobFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The chart's settings read by the production code: the ConfigMap and the Secret are loaded with {@link Settings}
 * and {@link OperatorSettings} exactly as the operator container would, and the run Job the operator builds from
 * them (with {@link RunJobFactory}) must find the chart's Secret, ServiceAccount and image, and be restricted.
 */
class ChartSettingsTest {
    private static final Map<String, String> POD_ENV = Map.of("POD_NAMESPACE", HelmChart.NAMESPACE);

    @Test
    void chartVersionsFollowTheProjectVersion() throws IOException {
        JsonNode chartYaml = new YAMLMapper().readTree(HelmChart.DIR.resolve("Chart.yaml").toFile());
        assertThat(chartYaml.path("appVersion").asText()).isEqualTo(BuildVersion.get());
        assertThat(chartYaml.path("apiVersion").asText()).isEqualTo("v2");
        OperatorSettings operator = OperatorSettings.from(ChartSettings.of(HelmChart.render()).load(POD_ENV), POD_ENV);
        assertThat(operator.jobRunnerImage())
                .as("the chart's default job-runner image is the operator's own default")
                .isEqualTo("syncmaster-worker/job-runner:" + BuildVersion.get());
    }

    @Test
    void configMapAndSecretGiveTheOperatorEverySetting() {
        RenderedChart chart = HelmChart.render(ChartValues.CREDENTIALS.yaml);
        Settings settings = ChartSettings.of(chart).load(Map.of("POD_NAMESPACE", "not-the-release-namespace"));

        assertThat(settings.database().jdbc().jdbcUrl()).isEqualTo("jdbc:postgresql://postgres.db.svc:5432/syncmaster");
        assertThat(settings.database().jdbc().password()).isEqualTo("p@ss");
        assertThat(settings.broker().address().host()).isEqualTo("rabbitmq.mq.svc");
        assertThat(settings.broker().address().virtualHost()).isEqualTo("/");
        assertThat(settings.encryption().secretKey()).isEqualTo("UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=");
        assertThat(settings.worker().logUrlTemplate()).isEqualTo("https://grafana.example.com/explore?run={{ run.id }}&correlation_id={{ correlation_id }}");
        assertThat(settings.worker().sparkSessionDefaultConfig())
                .containsExactlyInAnyOrderEntriesOf(Map.of("spark.sql.shuffle.partitions", "8", "spark.ui.enabled", "false"));

        OperatorSettings operator = OperatorSettings.from(settings, Map.of("POD_NAMESPACE", "not-the-release-namespace"));
        assertThat(operator.namespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(operator.jobRunnerImage()).isEqualTo("registry.example.com/syncmaster/job-runner:1.2.3");
        assertThat(operator.resync()).isEqualTo(Duration.ofSeconds(15));
        assertThat(operator.prefetch()).isEqualTo(4);
        assertThat(operator.runDefaults().imagePullPolicy()).isEqualTo("Always");
        assertThat(operator.runDefaults().serviceAccountName()).isEqualTo(HelmChart.RELEASE + "-run");
        assertThat(operator.runDefaults().startTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(operator.runDefaults().activeDeadline()).isEqualTo(Duration.ofSeconds(7200));
        assertThat(operator.runDefaults().ttlAfterFinished()).isEqualTo(Duration.ofSeconds(3600));

        Container container = chart.get("Deployment", HelmChart.RELEASE, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.metricsPort()).as("the operator serves metrics and probes on the container port")
                .isEqualTo(container.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    }

    @Test
    void defaultSettingsMatchTheOperatorDefaults() {
        OperatorSettings fromChart = OperatorSettings.from(ChartSettings.of(HelmChart.render()).load(POD_ENV), POD_ENV);
        OperatorSettings builtIn = OperatorSettings.from(Settings.fromYaml("worker: {}", Map.of()), POD_ENV);
        assertThat(fromChart.namespace()).isEqualTo(builtIn.namespace());
        assertThat(fromChart.resync()).isEqualTo(builtIn.resync());
        assertThat(fromChart.prefetch()).isEqualTo(builtIn.prefetch());
        assertThat(fromChart.metricsPort()).isEqualTo(builtIn.metricsPort());
        assertThat(fromChart.runDefaults().imagePullPolicy()).isEqualTo(builtIn.runDefaults().imagePullPolicy());
        assertThat(fromChart.runDefaults().startTimeout()).isEqualTo(builtIn.runDefaults().startTimeout());
        assertThat(fromChart.runDefaults().activeDeadline()).isEqualTo(builtIn.runDefaults().activeDeadline());
        assertThat(fromChart.runDefaults().ttlAfterFinished()).isEqualTo(builtIn.runDefaults().ttlAfterFinished());
    }

    @Test
    void operatorWithoutCredentialsStopsNamingTheMissingSetting() {
        Settings settings = ChartSettings.of(HelmChart.render()).load(POD_ENV);
        Assertions.assertThatThrownBy(settings::database)
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("database.url");
    }

    @Test
    void runJobBuiltFromTheChartSettingsUsesTheChartSecretAccountAndRunValues() {
        RenderedChart chart = HelmChart.render(ChartValues.CREDENTIALS.yaml, ChartValues.QUEUES.yaml);
        ChartSettings chartSettings = ChartSettings.of(chart);
        Settings settings = chartSettings.load(POD_ENV);
        OperatorSettings operator = OperatorSettings.from(settings, POD_ENV);
        RunTemplate queueTemplate = RenderedChart.as(chart.get("SyncWorkerQueue", "big").path("spec").path("runTemplate"), RunTemplate.class);
        RunJobFactory factory = new RunJobFactory();

        Job job = factory.build(transferRun(42), 7, EffectiveRunTemplate.resolve(queueTemplate, operator));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container runner = pod.getContainers().get(0);

        // The run pod gets its own run spec Secret and nothing of the chart's Secret (design §9).
        Secret secret = chart.get("Secret", HelmChart.RELEASE, Secret.class);
        for (EnvVar env : runner.getEnv()) {
            assertThat(env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null)
                    .as("env %s comes from no Secret", env.getName()).isTrue();
            assertThat(env.getValue()).as("env %s holds no credential", env.getName())
                    .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(chartSettings.secretEnv().values()).doesNotContain(v));
        }
        assertThat(runner.getEnvFrom()).isNullOrEmpty();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).containsExactly("syncmaster-run-42")
                .doesNotContain(secret.getMetadata().getName());
        assertThat(runner.getImage()).isEqualTo("registry.example.com/syncmaster/job-runner:1.2.3");
        assertThat(runner.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getServiceAccountName()).isEqualTo(HelmChart.RELEASE + "-run");
        assertThat(chart.find("ServiceAccount", pod.getServiceAccountName())).isPresent();
        assertThat(pod.getNodeSelector()).containsEntry("workload", "etl");
        assertThat(runner.getResources().getRequests().get("memory").toString()).isEqualTo("16Gi");
        assertThat(runner.getArgs()).containsSequence("--conf", "spark.executor.memory=8g");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(172800L);
        assertThat(RestrictedPodSecurity.violations(pod)).as("run pods are restricted too").isEmpty();
        assertThat(KubernetesSchemas.errors(Serialization.jsonMapper().valueToTree(job))).isEmpty();
        assertThat(job.getMetadata().getName()).isEqualTo("syncmaster-run-42");
    }

    @Test
    void theRunPolicyValuesBecomeTheOperatorsRunPolicyAndTheDefaultsFollowTheChartsImageAndAccount() {
        OperatorSettings byDefault = OperatorSettings.from(ChartSettings.of(HelmChart.render(ChartValues.CREDENTIALS.yaml))
                .load(POD_ENV), POD_ENV);
        assertThat(byDefault.runPolicy().images()).containsExactly("registry.example.com/syncmaster/job-runner:*",
                "registry.example.com/syncmaster/job-runner@*");
        assertThat(byDefault.runPolicy().serviceAccounts()).containsExactly(HelmChart.RELEASE + "-run");
        assertThat(byDefault.runPolicy().secrets()).isEmpty();

        OperatorSettings widened = OperatorSettings.from(ChartSettings.of(HelmChart.render("""
                runs:
                  policy:
                    images: ["registry.example.com/custom/*"]
                    secrets: ["s3-extra"]
                """)).load(POD_ENV), POD_ENV);
        assertThat(widened.runPolicy().images()).containsExactly("registry.example.com/custom/*");
        assertThat(widened.runPolicy().secrets()).containsExactly("s3-extra");
        assertThat(widened.runPolicy().env()).containsExactly("*");
    }

    private static TransferRun transferRun(long runId) {
        TransferRun run = new TransferRun();
        run.getMetadata().setName(TransferRun.nameFor(runId));
        run.getMetadata().setNamespace(HelmChart.NAMESPACE);
        run.getMetadata().setUid("0b4c3a2e-9d2f-4f0e-8c1b-5e6f7a8b9c0d");
        TransferRunSpec spec = new TransferRunSpec();
        spec.setRunId(runId);
        spec.setQueue("big");
        spec.setSlug("9-big_tables");
        run.setSpec(spec);
        return run;
    }
}
