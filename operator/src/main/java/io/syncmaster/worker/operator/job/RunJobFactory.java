package io.syncmaster.worker.operator.job;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the Kubernetes Job that executes one run with the job-runner image. The pod receives only its own run's
 * spec (design §9): the per-run Secret {@link JobNames#secretName} mounted read-only as a file and named by
 * {@code --run-spec}. It gets neither SyncMaster's database URL nor the Fernet key, so a hostile connection that takes
 * over the pod finds the credentials of this one run and nothing else. The Job spec, its args, env and labels never
 * hold a secret.
 */
public final class RunJobFactory {
    /** SyncMaster's database URL: never given to a run pod (a queue's template env cannot set it either). */
    public static final String DATABASE_URL_KEY = "SYNCMASTER__DATABASE__URL";
    /** SyncMaster's Fernet key: never given to a run pod (a queue's template env cannot set it either). */
    public static final String ENCRYPTION_KEY_KEY = "SYNCMASTER__ENCRYPTION__SECRET_KEY";
    /** The operator's {@code worker.spark_session_default_config}; it reaches runs inside their run spec, never as env. */
    public static final String SPARK_DEFAULTS_KEY = "SYNCMASTER__WORKER__SPARK_SESSION_DEFAULT_CONFIG";
    /** Key of the run spec in the run's Secret, and its file name in the pod. */
    public static final String RUN_SPEC_KEY = "run-spec.json";
    /** Key (and file) of the per-run Spark RPC authentication secret (Spark on Kubernetes only). */
    public static final String SPARK_AUTH_SECRET_KEY = "spark-auth-secret";
    /** Key (and file) of the executor pod template (Spark on Kubernetes only). */
    public static final String EXECUTOR_POD_TEMPLATE_KEY = "executor-pod-template.yaml";
    /** Directory where the run's Secret is mounted (read-only). */
    public static final String RUN_SPEC_DIR = "/etc/syncmaster/run";
    public static final String TERMINATION_LOG = "/dev/termination-log";
    public static final String MANAGED_BY = "syncmaster-worker";
    /** Fixed driver ports, so NetworkPolicies can let executors in. */
    public static final int SPARK_DRIVER_PORT = 7078;
    public static final int SPARK_BLOCK_MANAGER_PORT = 7079;
    /** Mode of the mounted run spec: the pod's only container runs as a non-root user that is not the file's owner. */
    private static final int RUN_SPEC_MODE = 0444;
    private static final String RUN_SPEC_VOLUME = "run-spec";
    private static final String EXECUTOR_CONTAINER = "spark-executor";

    public Job build(TransferRun run, long transferId, EffectiveRunTemplate template) {
        long runId = run.getSpec().getRunId();
        Map<String, String> labels = labels(run, transferId);
        Map<String, String> podLabels = new LinkedHashMap<>(template.podLabels());
        podLabels.putAll(labels);

        return new JobBuilder()
                .withNewMetadata()
                    .withName(JobNames.jobName(runId))
                    .withNamespace(run.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(ownerReference(run))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(template.limits().activeDeadline() == null ? null
                            : template.limits().activeDeadline().toSeconds())
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(podLabels)
                            .withAnnotations(template.podAnnotations().isEmpty() ? null : template.podAnnotations())
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(template.serviceAccountName())
                            // Only a Spark-on-Kubernetes driver talks to the API server.
                            .withAutomountServiceAccountToken(template.sparkOnKubernetes() != null)
                            .withNodeSelector(template.nodeSelector().isEmpty() ? null : template.nodeSelector())
                            .withTolerations(template.tolerations().isEmpty() ? null : template.tolerations())
                            .withAffinity(template.affinity())
                            .withSecurityContext(restrictedPod())
                            .addNewContainer()
                                .withName(JobNames.CONTAINER)
                                .withImage(template.image())
                                .withImagePullPolicy(template.imagePullPolicy())
                                .withArgs(args(runId, sparkConf(run, template)))
                                .withEnv(env(template))
                                .withEnvFrom(template.envFrom().isEmpty() ? null : template.envFrom())
                                .withResources(template.resources())
                                .withTerminationMessagePath(TERMINATION_LOG)
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                                .withSecurityContext(restrictedContainer())
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                                .addNewVolumeMount().withName(RUN_SPEC_VOLUME).withMountPath(RUN_SPEC_DIR).withReadOnly(true)
                                    .endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName(RUN_SPEC_VOLUME).withNewSecret().withSecretName(JobNames.secretName(runId))
                                .withDefaultMode(RUN_SPEC_MODE).withOptional(false).endSecret().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** Pod Security Standard "restricted", pod level: non-root, RuntimeDefault seccomp (driver and executors). */
    private static PodSecurityContext restrictedPod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .build();
    }

    /** Container level: no privilege escalation, read-only root file system, all capabilities dropped. */
    private static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withCapabilities(new Capabilities(null, List.of("ALL")))
                .build();
    }

    /** Labels of a run's Job and Pod; the run id label is how Pods are mapped back to their TransferRun. */
    public static Map<String, String> labels(TransferRun run, long transferId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "syncmaster-job-runner");
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        labels.put(TransferRun.RUN_ID_LABEL, String.valueOf(run.getSpec().getRunId()));
        labels.put(TransferRun.TRANSFER_ID_LABEL, String.valueOf(transferId));
        labels.put(TransferRun.QUEUE_LABEL, run.getSpec().getQueue());
        return labels;
    }

    /**
     * The Spark configuration passed with {@code --conf}: the template's, plus, for executors on Kubernetes, the
     * client-mode driver settings. {@code $(POD_NAME)} and {@code $(POD_IP)} are expanded by the kubelet from the
     * container's downward-API env. The executors are owned by the driver pod ({@code spark.kubernetes.driver.pod.name}),
     * and the Job never restarts its pod, so no second driver can appear.
     */
    static Map<String, String> sparkConf(TransferRun run, EffectiveRunTemplate template) {
        Map<String, String> conf = new TreeMap<>(template.sparkConf());
        if (template.sparkOnKubernetes() != null) {
            String image = template.sparkOnKubernetes().getExecutorImage() == null ? template.image()
                    : template.sparkOnKubernetes().getExecutorImage();
            conf.put("spark.master", "k8s://https://kubernetes.default.svc");
            conf.put("spark.submit.deployMode", "client");
            conf.put("spark.kubernetes.namespace", run.getMetadata().getNamespace());
            conf.put("spark.kubernetes.driver.pod.name", "$(POD_NAME)");
            conf.put("spark.driver.host", "$(POD_IP)");
            conf.put("spark.driver.bindAddress", "0.0.0.0");
            conf.put("spark.driver.port", String.valueOf(SPARK_DRIVER_PORT));
            conf.put("spark.blockManager.port", String.valueOf(SPARK_BLOCK_MANAGER_PORT));
            conf.put("spark.kubernetes.container.image", image);
            conf.put("spark.kubernetes.container.image.pullPolicy", template.imagePullPolicy());
            conf.put("spark.kubernetes.executor.podNamePrefix", JobNames.jobName(run.getSpec().getRunId()));
            conf.put("spark.kubernetes.executor.label." + TransferRun.RUN_ID_LABEL, String.valueOf(run.getSpec().getRunId()));
            conf.put("spark.kubernetes.executor.label.app.kubernetes.io/name", "syncmaster-spark-executor");
            conf.put("spark.kubernetes.authenticate.driver.serviceAccountName",
                    template.serviceAccountName() == null ? "default" : template.serviceAccountName());
            // Executors: the driver's restricted security context, and authenticated, encrypted RPC with a per-run
            // secret read from a file on both sides (never an env value in a pod spec, which Spark's generated
            // secret would be).
            String secretFile = RUN_SPEC_DIR + "/" + SPARK_AUTH_SECRET_KEY;
            conf.put("spark.kubernetes.executor.podTemplateFile", RUN_SPEC_DIR + "/" + EXECUTOR_POD_TEMPLATE_KEY);
            conf.put("spark.kubernetes.executor.podTemplateContainerName", EXECUTOR_CONTAINER);
            conf.put("spark.authenticate", "true");
            conf.put("spark.authenticate.secret.driver.file", secretFile);
            conf.put("spark.authenticate.secret.executor.file", secretFile);
            conf.put("spark.network.crypto.enabled", "true");
        }
        return conf;
    }

    /**
     * The executor pod template of a Spark-on-Kubernetes run: the same restricted security context as the driver
     * (non-root, RuntimeDefault seccomp, no privilege escalation, all capabilities dropped, read-only root file system
     * with a writable {@code /tmp}), no service account token, and only the Spark secret of the run's Secret mounted
     * (not the run spec).
     */
    public static Pod executorPodTemplate(long runId) {
        return new PodBuilder()
                .withNewSpec()
                    .withAutomountServiceAccountToken(false)
                    .withSecurityContext(restrictedPod())
                    .addNewContainer()
                        .withName(EXECUTOR_CONTAINER)
                        .withSecurityContext(restrictedContainer())
                        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                        .addNewVolumeMount().withName(RUN_SPEC_VOLUME).withMountPath(RUN_SPEC_DIR).withReadOnly(true).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewVolume().withName(RUN_SPEC_VOLUME).withNewSecret().withSecretName(JobNames.secretName(runId))
                        .withDefaultMode(RUN_SPEC_MODE).withOptional(false)
                        .addNewItem().withKey(SPARK_AUTH_SECRET_KEY).withPath(SPARK_AUTH_SECRET_KEY).endItem()
                    .endSecret().endVolume()
                .endSpec()
                .build();
    }

    private static List<String> args(long runId, Map<String, String> sparkConf) {
        List<String> args = new ArrayList<>(List.of("run", "--run-id", String.valueOf(runId),
                "--run-spec", RUN_SPEC_DIR + "/" + RUN_SPEC_KEY, "--termination-log", TERMINATION_LOG));
        new TreeMap<>(sparkConf).forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        return args;
    }

    private static List<EnvVar> env(EffectiveRunTemplate template) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("SPARK_LOCAL_DIRS").withValue("/tmp").build());
        env.add(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().build());
        for (EnvVar e : template.env()) {
            if (!DATABASE_URL_KEY.equals(e.getName()) && !ENCRYPTION_KEY_KEY.equals(e.getName())
                    && !SPARK_DEFAULTS_KEY.equals(e.getName())) {
                env.add(e);
            }
        }
        return env;
    }

    /** The controller reference to the run's TransferRun: its Job and Secret go when it goes. */
    public static OwnerReference ownerReference(TransferRun run) {
        return new OwnerReferenceBuilder()
                .withApiVersion(run.getApiVersion())
                .withKind(run.getKind())
                .withName(run.getMetadata().getName())
                .withUid(run.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
