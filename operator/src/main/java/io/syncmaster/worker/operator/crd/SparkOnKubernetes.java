package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Runs Spark with executors as pods: the run's Job pod is the Spark driver in client mode, and Spark creates the
 * executors (owned by the driver pod, so they die with it). Executor count, cores and memory come from the
 * transfer's {@code resources}, as upstream computes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkOnKubernetes {
    @JsonPropertyDescription("Run Spark executors as pods instead of local[N] inside the Job pod.")
    private Boolean enabled;

    @JsonPropertyDescription("Service account of the driver pod; it needs to create pods, services and configmaps in the namespace.")
    private String serviceAccountName;

    @JsonPropertyDescription("Executor image; defaults to the job-runner image of the run.")
    private String executorImage;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    @JsonIgnore
    public boolean isOn() {
        return Boolean.TRUE.equals(enabled);
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public String getExecutorImage() {
        return executorImage;
    }

    public void setExecutorImage(String executorImage) {
        this.executorImage = executorImage;
    }
}
