package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What the operator received for one run. Immutable once created, except {@link #stop}, which a user may
 * set to true (never back) to stop the run, like SyncMaster's "stop" button.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.taskId) == has(oldSelf.taskId) && has(self.correlationId) == has(oldSelf.correlationId)"
        + " && has(self.receivedAt) == has(oldSelf.receivedAt)",
        message = "spec fields other than stop are immutable")
@JsonClassDescription("What the operator received for one run; immutable except stop.")
public class TransferRunSpec {
    @Required
    @Min(1)
    @ValidationRule(value = "self == oldSelf", message = "runId is immutable")
    @JsonPropertyDescription("SyncMaster run id (run.id).")
    private Long runId;

    @Required
    @ValidationRule(value = "self == oldSelf", message = "queue is immutable")
    @JsonPropertyDescription("Name of the SyncWorkerQueue that received the run.")
    private String queue;

    @Required
    @ValidationRule(value = "self == oldSelf", message = "slug is immutable")
    @JsonPropertyDescription("RabbitMQ queue (SyncMaster queue slug) the message came from.")
    private String slug;

    @ValidationRule(value = "self == oldSelf", message = "taskId is immutable")
    @JsonPropertyDescription("Celery task id of the message.")
    private String taskId;

    @ValidationRule(value = "self == oldSelf", message = "correlationId is immutable")
    @JsonPropertyDescription("CORRELATION_ID header of the message (the HTTP request id), when the server sent one.")
    private String correlationId;

    @ValidationRule(value = "self == oldSelf", message = "receivedAt is immutable")
    @JsonPropertyDescription("When the operator received the message (RFC 3339).")
    private String receivedAt;

    @ValidationRule(value = "self || !oldSelf", message = "stop cannot be undone")
    @JsonPropertyDescription("Set to true to stop the run; its row ends STOPPED.")
    private Boolean stop;

    public Long getRunId() {
        return runId;
    }

    public void setRunId(Long runId) {
        this.runId = runId;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public String getSlug() {
        return slug;
    }

    public void setSlug(String slug) {
        this.slug = slug;
    }

    public String getTaskId() {
        return taskId;
    }

    public void setTaskId(String taskId) {
        this.taskId = taskId;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public String getReceivedAt() {
        return receivedAt;
    }

    public void setReceivedAt(String receivedAt) {
        this.receivedAt = receivedAt;
    }

    public Boolean getStop() {
        return stop;
    }

    public void setStop(Boolean stop) {
        this.stop = stop;
    }

    public boolean stopRequested() {
        return Boolean.TRUE.equals(stop);
    }
}
