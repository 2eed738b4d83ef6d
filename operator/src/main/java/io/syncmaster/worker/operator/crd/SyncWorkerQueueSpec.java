package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Desired state of a {@link SyncWorkerQueue}: which RabbitMQ queue to consume and how to run its transfers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Which SyncMaster queue to consume and how its runs' Jobs are built.")
public class SyncWorkerQueueSpec {
    @Required
    @Size(min = 1, max = 256)
    @Pattern("^[^\\s]+$")
    @JsonPropertyDescription("SyncMaster queue slug (queue.slug, e.g. 123-test_queue): the RabbitMQ queue the server publishes to.")
    private String slug;

    @Min(1)
    @JsonPropertyDescription("At most this many runs of the queue are Pending or Running at once; unset means unlimited.")
    private Integer maxConcurrentRuns;

    @JsonPropertyDescription("When true the operator stops consuming the queue; runs already received continue.")
    private Boolean suspend;

    @JsonPropertyDescription("How the Kubernetes Job of each run of this queue is built.")
    private RunTemplate runTemplate;

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public Integer getMaxConcurrentRuns() {
        return maxConcurrentRuns;
    }

    public void setMaxConcurrentRuns(Integer maxConcurrentRuns) {
        this.maxConcurrentRuns = maxConcurrentRuns;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }

    public RunTemplate getRunTemplate() {
        return runTemplate;
    }

    public void setRunTemplate(RunTemplate runTemplate) {
        this.runTemplate = runTemplate;
    }
}
