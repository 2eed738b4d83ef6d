package io.syncmaster.worker.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.db.TransferRow;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SparkOnKubernetes;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunSpec;
import io.syncmaster.worker.runspec.RunSpec;
import java.util.Base64;
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
        return new RunJobFactory().build(run(), 7, EffectiveRunTemplate.resolve(template, settings));
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
        assertThat(c.getArgs()).containsExactly("run", "--run-id", "42", "--run-spec", "/etc/syncmaster/run/run-spec.json",
                "--termination-log", "/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    }

    @Test
    void thePodGetsOnlyItsOwnRunSpecSecretReadOnlyAndNoSyncMasterCredential() throws Exception {
        RunTemplate template = new RunTemplate();
        template.setEnv(List.of(new EnvVarBuilder().withName("SYNCMASTER__DATABASE__URL").withValue("postgresql://leak:leak@x/y").build(),
                new EnvVarBuilder().withName("SYNCMASTER__ENCRYPTION__SECRET_KEY").withValue(FERNET).build(),
                new EnvVarBuilder().withName("TZ").withValue("UTC").build()));
        Job job = build(template);
        var pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("TZ")
                .doesNotContain("SYNCMASTER__DATABASE__URL", "SYNCMASTER__ENCRYPTION__SECRET_KEY",
                        "SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG");
        assertThat(c.getEnv()).allSatisfy(e -> assertThat(e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null)
                .as("env %s from a Secret", e.getName()).isTrue());
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("syncmaster-run-42");
            assertThat(v.getSecret().getOptional()).isFalse();
            assertThat(c.getVolumeMounts()).filteredOn(m -> m.getName().equals(v.getName())).singleElement().satisfies(m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/syncmaster/run");
                assertThat(m.getReadOnly()).isTrue();
            });
        });
        String json = new ObjectMapper().writeValueAsString(job);
        assertThat(json).doesNotContain("S3cret-pass").doesNotContain(FERNET).doesNotContain("leak:leak").doesNotContain("local[1]");
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

    private static RunSpec spec() throws Exception {
        var json = new ObjectMapper();
        var run = new RunRow(42, 7, RunStatus.STARTED, "MANUAL",
                null, null, null, null, null);
        var transfer = new TransferRow(7, 1, "t", 1, 2, 3, json.readTree("{\"type\":\"full\"}"),
                json.readTree("{}"), json.readTree("{}"), json.readTree("[]"), json.readTree("{}"));
        var auth = (ObjectNode) json.readTree("{\"user\":\"u\",\"password\":\"Conn-S3cret\"}");
        var data = (ObjectNode) json.readTree("{\"host\":\"h\"}");
        var c = new ConnectionDetails(1, 1, "postgres", "c", data, auth);
        return new RunSpec(new RunContext(run, transfer, "g", c, c),
                Map.of("spark.hadoop.fs.s3a.secret.key", "Spark-Conf-S3cret"), null);
    }

    @Test
    void sparkExecutorsGetTheDriversRestrictedContextAndAuthenticatedEncryptedRpcWithAPerRunSecretFile() throws Exception {
        RunTemplate t = new RunTemplate();
        var k8s = new SparkOnKubernetes();
        k8s.setEnabled(true);
        t.setSparkOnKubernetes(k8s);
        EffectiveRunTemplate template = EffectiveRunTemplate.resolve(t, settings);
        Job job = new RunJobFactory().build(run(), 7, template);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).containsSequence("--conf", "spark.authenticate=true")
                .containsSequence("--conf", "spark.network.crypto.enabled=true")
                .containsSequence("--conf", "spark.authenticate.secret.driver.file=/etc/syncmaster/run/spark-auth-secret")
                .containsSequence("--conf", "spark.authenticate.secret.executor.file=/etc/syncmaster/run/spark-auth-secret")
                .containsSequence("--conf", "spark.kubernetes.executor.podTemplateFile=/etc/syncmaster/run/executor-pod-template.yaml");
        assertThat(String.join(" ", c.getArgs())).doesNotContain("spark.authenticate.secret=");

        var secret = RunSpecSecrets.build(run(), 7, spec(), template);
        assertThat(secret.getData()).containsOnlyKeys("run-spec.json", "spark-auth-secret", "executor-pod-template.yaml");
        String sparkSecret = new String(Base64.getDecoder().decode(secret.getData().get("spark-auth-secret")));
        assertThat(sparkSecret).hasSize(43);
        assertThat(RunSpecSecrets.build(run(), 7, spec(), template).getData().get("spark-auth-secret"))
                .as("a fresh secret per run").isNotEqualTo(secret.getData().get("spark-auth-secret"));
        String templateYaml = new String(Base64.getDecoder().decode(secret.getData().get("executor-pod-template.yaml")));
        var executor = Serialization.unmarshal(templateYaml, Pod.class);
        var pod = executor.getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container e = pod.getContainers().get(0);
        assertThat(e.getName()).isEqualTo("spark-executor");
        assertThat(e.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(e.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(e.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("syncmaster-run-42");
            assertThat(v.getSecret().getItems()).as("executors get the Spark secret, not the run spec")
                    .extracting(i -> i.getKey()).containsExactly("spark-auth-secret");
        });

        // The done-when check: the rendered Job, its Pod and the executor pod template hold no secret of any kind.
        for (String rendered : List.of(new ObjectMapper().writeValueAsString(job),
                new ObjectMapper().writeValueAsString(job.getSpec().getTemplate()), templateYaml)) {
            assertThat(rendered).doesNotContain("S3cret-pass", "syncmaster:S3cret", FERNET, "Conn-S3cret", "Spark-Conf-S3cret",
                    sparkSecret, "SYNCMASTER__DATABASE__URL", "SYNCMASTER__ENCRYPTION__SECRET_KEY");
        }
    }
}
