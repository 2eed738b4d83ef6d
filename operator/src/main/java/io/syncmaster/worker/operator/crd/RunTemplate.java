package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The part of a run's Job that a queue owner may shape. Every field is optional; unset fields fall back to
 * the operator's defaults (settings section {@code operator.run_defaults}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunTemplate {
    @JsonPropertyDescription("job-runner image; defaults to the operator's job-runner image of the same version.")
    private String image;

    @JsonPropertyDescription("Image pull policy of the job-runner container.")
    private String imagePullPolicy;

    @JsonPropertyDescription("Resources of the job-runner container (the Spark driver).")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Extra environment variables of the job-runner container (never put credentials here: use envFrom).")
    private List<EnvVar> env;

    @JsonPropertyDescription("Secrets and ConfigMaps whose keys become env variables of the job-runner (core/v1 EnvFromSource; operator.run_policy limits which).")
    private List<EnvFromSource> envFrom;
    @JsonPropertyDescription("Service account of the run pod; defaults to the chart's run service account.")
    private String serviceAccountName;
    @JsonPropertyDescription("Node labels the run pod must be scheduled on (core/v1 PodSpec nodeSelector).")
    private Map<String, String> nodeSelector;
    @JsonPropertyDescription("Taints the run pod tolerates (core/v1 Toleration).")
    private List<Toleration> tolerations;
    @JsonPropertyDescription("Scheduling affinity of the run pod (core/v1 Affinity).")
    private Affinity affinity;
    @JsonPropertyDescription("Extra labels of the run pod (the operator's own syncmaster.io labels win).")
    private Map<String, String> podLabels;
    @JsonPropertyDescription("Annotations of the run pod (e.g. for log shipping or a service mesh).")
    private Map<String, String> podAnnotations;

    @Min(1)
    @JsonPropertyDescription("A run whose pod has not started running after this many seconds fails (image pull errors, unschedulable pods).")
    private Long startTimeoutSeconds;

    @Min(1)
    @JsonPropertyDescription("A run still running after this many seconds fails with DeadlineExceeded (Job activeDeadlineSeconds).")
    private Long activeDeadlineSeconds;

    @Min(0)
    @JsonPropertyDescription("A finished TransferRun (and its Job) is deleted this many seconds after it finished, once its row is synced.")
    private Long ttlSecondsAfterFinished;

    @JsonPropertyDescription("Spark configuration passed to the job-runner (base layer, under the keys computed from the transfer's resources).")
    private Map<String, String> sparkConf;

    @JsonPropertyDescription("Run Spark executors as pods (the Job pod is the driver in client mode).")
    private SparkOnKubernetes sparkOnKubernetes;

    public SparkOnKubernetes getSparkOnKubernetes() {
        return sparkOnKubernetes;
    }

    public void setSparkOnKubernetes(SparkOnKubernetes sparkOnKubernetes) {
        this.sparkOnKubernetes = sparkOnKubernetes;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public List<EnvFromSource> getEnvFrom() {
        return envFrom;
    }

    public void setEnvFrom(List<EnvFromSource> envFrom) {
        this.envFrom = envFrom;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public Map<String, String> getPodLabels() {
        return podLabels;
    }

    public void setPodLabels(Map<String, String> podLabels) {
        this.podLabels = podLabels;
    }

    public Map<String, String> getPodAnnotations() {
        return podAnnotations;
    }

    public void setPodAnnotations(Map<String, String> podAnnotations) {
        this.podAnnotations = podAnnotations;
    }

    public Long getStartTimeoutSeconds() {
        return startTimeoutSeconds;
    }

    public void setStartTimeoutSeconds(Long startTimeoutSeconds) {
        this.startTimeoutSeconds = startTimeoutSeconds;
    }

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }

    public Long getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    public Map<String, String> getSparkConf() {
        return sparkConf;
    }

    public void setSparkConf(Map<String, String> sparkConf) {
        this.sparkConf = sparkConf;
    }
}
