package io.syncmaster.worker.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SparkOnKubernetes;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunJobFactoryTest {
    private static final String DB_URL = "postgresql+asyncpg://syncmaster:S3cret-pass@db:5432/syncmaster";
    private static final String FERNET = "UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=";

    private final OperatorSettings settings = OperatorSettings.from(Settings.load(Map.of(
            "SYNCMASTER_CONFIG_FILE", "/nonexistent/config.yml",
            "SYNCMASTER__DATABASE__URL", DB_URL,
            "SYNCMASTER__BROKER__URL", "amqp://guest:guest@rabbit:5672/",
            "SYNCMASTER__ENCRYPTION__SECRET_KEY", FERNET,
            "SYNCMASTER__OPERATOR__JOB_RUNNER_IMAGE", "registry.example/job-runner:1.2.3",
            "SYNCMASTER__OPERATOR__JOB_SECRET_NAME", "syncmaster-credentials")), Map.of("POD_NAMESPACE", "data"));

    private static TransferRun run() {
        TransferRun run = new TransferRun();
        run.getMetadata().setName("run-42");
        run.getMetadata().setNamespace("data");
        run.getMetadata().setUid("uid-42");
        TransferRunSpec spec = new TransferRunSpec();
        spec.setRunId(42L);
        spec.setQueue("etl");
        spec.setSlug("123-etl");
        run.setSpec(spec);
        return run;
    }

    private Job build(RunTemplate template) {
        return new RunJobFactory("syncmaster-credentials", "{\"spark.master\":\"local[1]\"}")
                .build(run(), 7, EffectiveRunTemplate.resolve(template, settings));
    }

    @Test
    void jobHasTheDeterministicNameAControllerOwnerAndNoRetries() {
        Job job = build(null);
        assertThat(job.getMetadata().getName()).isEqualTo("syncmaster-run-42");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("data");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("TransferRun");
            assertThat(o.getApiVersion()).isEqualTo("syncmaster.io/v1alpha1");
            assertThat(o.getUid()).isEqualTo("uid-42");
            assertThat(o.getController()).isTrue();
        });
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getMetadata().getLabels()).containsEntry("syncmaster.io/run-id", "42")
                .containsEntry("syncmaster.io/transfer-id", "7").containsEntry("syncmaster.io/queue", "etl");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(job.getMetadata().getLabels());
    }

    @Test
    void containerRunsTheJobRunnerWithTheRunIdAndTheTerminationLog() {
        Container c = build(null).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/job-runner:1.2.3");
        assertThat(c.getArgs()).containsExactly("run", "--run-id", "42", "--termination-log", "/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    }

    @Test
    void credentialsComeOnlyFromTheSecretAndNeverAppearInTheJob() throws Exception {
        RunTemplate template = new RunTemplate();
        template.setEnv(List.of(new EnvVarBuilder().withName("SYNCMASTER__DATABASE__URL").withValue("postgresql://leak:leak@x/y").build(),
                new EnvVarBuilder().withName("TZ").withValue("UTC").build()));
        Job job = build(template);
        List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).filteredOn(e -> e.getName().equals("SYNCMASTER__DATABASE__URL")).singleElement().satisfies(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("syncmaster-credentials");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("SYNCMASTER__DATABASE__URL");
        });
        assertThat(env).filteredOn(e -> e.getName().equals("SYNCMASTER__ENCRYPTION__SECRET_KEY")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("SYNCMASTER__ENCRYPTION__SECRET_KEY"));
        assertThat(env).extracting(EnvVar::getName).contains("TZ");
        String json = new ObjectMapper().writeValueAsString(job);
        assertThat(json).doesNotContain("S3cret-pass").doesNotContain(FERNET).doesNotContain("leak:leak");
    }

    @Test
    void podIsRestrictedNonRootReadOnlyWithAWritableTmp() {
        var spec = build(null).getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().get(0);
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void runTemplateShapesResourcesSchedulingDeadlineAndSparkConf() {
        RunTemplate t = new RunTemplate();
        t.setImage("custom/job-runner:dev");
        t.setImagePullPolicy("Always");
        t.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("4Gi")).build());
        t.setNodeSelector(Map.of("pool", "etl"));
        t.setServiceAccountName("spark-runs");
        t.setActiveDeadlineSeconds(3600L);
        t.setPodLabels(Map.of("team", "data", "syncmaster.io/run-id", "spoofed"));
        t.setSparkConf(Map.of("spark.sql.shuffle.partitions", "8", "spark.driver.memory", "2g"));
        Job job = build(t);
        var spec = job.getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("custom/job-runner:dev");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("4Gi"));
        assertThat(spec.getNodeSelector()).containsEntry("pool", "etl");
        assertThat(spec.getServiceAccountName()).isEqualTo("spark-runs");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "data")
                .as("our labels win over the template's").containsEntry("syncmaster.io/run-id", "42");
        assertThat(c.getArgs()).containsSequence("--conf", "spark.driver.memory=2g", "--conf", "spark.sql.shuffle.partitions=8");
    }

    @Test
    void sparkOnKubernetesMakesTheJobPodAClientModeDriverOwningItsExecutors() {
        RunTemplate t = new RunTemplate();
        t.setImage("registry.example/job-runner:1.2.3");
        var k8s = new SparkOnKubernetes();
        k8s.setEnabled(true);
        k8s.setServiceAccountName("syncmaster-spark-driver");
        t.setSparkOnKubernetes(k8s);
        t.setSparkConf(Map.of("spark.sql.shuffle.partitions", "8"));
        Job job = build(t);
        var spec = job.getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().get(0);
        assertThat(spec.getServiceAccountName()).isEqualTo("syncmaster-spark-driver");
        assertThat(spec.getAutomountServiceAccountToken()).as("the driver talks to the API server").isTrue();
        assertThat(c.getArgs()).containsSequence("--conf", "spark.master=k8s://https://kubernetes.default.svc")
                .containsSequence("--conf", "spark.submit.deployMode=client")
                .containsSequence("--conf", "spark.kubernetes.driver.pod.name=$(POD_NAME)")
                .containsSequence("--conf", "spark.driver.host=$(POD_IP)")
                .containsSequence("--conf", "spark.kubernetes.namespace=data")
                .containsSequence("--conf", "spark.kubernetes.container.image=registry.example/job-runner:1.2.3")
                .containsSequence("--conf", "spark.kubernetes.executor.podNamePrefix=syncmaster-run-42")
                .containsSequence("--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=syncmaster-spark-driver")
                .containsSequence("--conf", "spark.sql.shuffle.partitions=8");
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("POD_NAME", "POD_IP");
        assertThat(job.getSpec().getBackoffLimit()).as("a restarted pod can never leave a second driver").isZero();
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void withoutSparkOnKubernetesSparkRunsLocallyAndThePodHasNoApiToken() {
        Container c = build(null).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(String.join(" ", c.getArgs())).doesNotContain("spark.master");
        assertThat(build(null).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void defaultsComeFromTheOperatorSettings() {
        EffectiveRunTemplate t = EffectiveRunTemplate.resolve(null, settings);
        assertThat(t.imagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(t.limits().startTimeout().toSeconds()).isEqualTo(600);
        assertThat(t.limits().activeDeadline().toSeconds()).isEqualTo(86_400);
        assertThat(t.limits().ttlAfterFinished().toSeconds()).isEqualTo(604_800);
    }
}
