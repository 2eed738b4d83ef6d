package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Observed state of a {@link TransferRun}. Written before the operator acts on the world (design §3), so
 * that a restarted operator knows which Job it meant to create and which row status it still owes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Where the run is, why, and what it did: phase, reason, conditions, times, the job-runner summary.")
public class TransferRunStatus {
    public static final String ADMITTED = "Admitted";
    public static final String CLAIMED = "Claimed";
    public static final String JOB_CREATED = "JobCreated";
    /** True once the run succeeded (as a Kubernetes Job's {@code Complete}); absent otherwise. */
    public static final String COMPLETE = "Complete";
    /** True once the run failed (as a Kubernetes Job's {@code Failed}); absent otherwise. */
    public static final String FAILED = "Failed";
    /** True once the run was stopped (SyncMaster's stop button, {@code spec.stop}, or the TransferRun deleted). */
    public static final String STOPPED = "Stopped";
    /** True once the run was skipped: its row was not CREATED, so another worker or nobody owns it. */
    public static final String SKIPPED = "Skipped";
    public static final String DB_SYNCED = "DbSynced";

    @JsonPropertyDescription("Where the run is: Queued, Pending (Job created, pod starting), Running, or how it ended: "
            + "Succeeded, Failed, Stopped, Skipped.")
    private RunPhase phase;
    @JsonPropertyDescription("Admitted, Claimed, JobCreated, DbSynced and, once the run ended, one of Complete, Failed, Stopped, "
            + "Skipped (metav1.Condition: reason is a CamelCase word, message a sentence).")
    private List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("The Job that runs the job-runner (run-<id>), set before it is created.")
    private String jobName;
    @JsonPropertyDescription("The Job's newest pod, whose logs and termination message tell what the job-runner did.")
    private String podName;
    @JsonPropertyDescription("SyncMaster transfer id (transfer.id) of the run, read from the run row.")
    private Long transferId;
    @JsonPropertyDescription("When the run got a slot of its queue (MicroTime).")
    private String admittedAt;
    @JsonPropertyDescription("When the operator claimed the run row (CREATED to STARTED); also run.started_at.")
    private String startedAt;
    @JsonPropertyDescription("When the run reached its terminal phase.")
    private String finishedAt;
    @JsonPropertyDescription("How long the run took from its claim to its end, e.g. 1m23s.")
    private String duration;
    @JsonPropertyDescription("The job-runner's report: rows read and written, bytes written, seconds; absent until it reported.")
    private RunSummary summary;
    @JsonPropertyDescription("Link to the run's logs (worker.log_url_template), also written into run.log_url.")
    private String logUrl;
    @JsonPropertyDescription("Why the run is in its phase, a CamelCase word (QueueFull, ImagePullBackOff, CannotRun, OOMKilled, …).")
    private String reason;
    @JsonPropertyDescription("Human-readable detail of the reason (secret-free, bounded).")
    private String message;
    @JsonPropertyDescription("The metadata.generation this status was written for.")
    private Long observedGeneration;

    public RunPhase getPhase() {
        return phase;
    }

    public void setPhase(RunPhase phase) {
        this.phase = phase;
    }

    /** The phase, {@code Queued} for a run the operator has not looked at yet. */
    @JsonIgnore
    public RunPhase phaseOrQueued() {
        return phase == null ? RunPhase.QUEUED : phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public boolean isTrue(String type) {
        return condition(type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** The condition that tells how a run in {@code phase} ended, or null for a phase that is not terminal. */
    public static String terminalCondition(RunPhase phase) {
        return switch (phase) {
            case SUCCEEDED -> COMPLETE;
            case FAILED -> FAILED;
            case STOPPED -> STOPPED;
            case SKIPPED -> SKIPPED;
            default -> null;
        };
    }

    /**
     * Sets a condition, keeping its lastTransitionTime when its status does not change. The reason is made a valid
     * CamelCase condition reason and the message a sentence ({@link ConditionText}).
     *
     * @return whether anything changed
     */
    public boolean putCondition(String type, boolean status, String reason, String message, String now, Long generation) {
        reason = ConditionText.reason(reason);
        message = ConditionText.sentence(message);
        String statusText = status ? "True" : "False";
        Optional<Condition> existing = condition(type);
        if (existing.isPresent()) {
            Condition c = existing.get();
            boolean same = statusText.equals(c.getStatus()) && Objects.equals(reason, c.getReason())
                    && Objects.equals(message, c.getMessage());
            if (same) {
                return false;
            }
            if (!statusText.equals(c.getStatus())) {
                c.setLastTransitionTime(now);
            }
            c.setStatus(statusText);
            c.setReason(reason);
            c.setMessage(message);
            c.setObservedGeneration(generation);
            return true;
        }
        conditions.add(new ConditionBuilder().withType(type).withStatus(statusText).withReason(reason).withMessage(message)
                .withLastTransitionTime(now).withObservedGeneration(generation).build());
        return true;
    }

    public String getJobName() {
        return jobName;
    }

    public void setJobName(String jobName) {
        this.jobName = jobName;
    }

    public String getPodName() {
        return podName;
    }

    public void setPodName(String podName) {
        this.podName = podName;
    }

    public Long getTransferId() {
        return transferId;
    }

    public void setTransferId(Long transferId) {
        this.transferId = transferId;
    }

    public String getAdmittedAt() {
        return admittedAt;
    }

    public void setAdmittedAt(String admittedAt) {
        this.admittedAt = admittedAt;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public RunSummary getSummary() {
        return summary;
    }

    public void setSummary(RunSummary summary) {
        this.summary = summary;
    }

    public String getLogUrl() {
        return logUrl;
    }

    public void setLogUrl(String logUrl) {
        this.logUrl = logUrl;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
