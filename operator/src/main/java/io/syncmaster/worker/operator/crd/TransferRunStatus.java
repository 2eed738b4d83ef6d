package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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

    private RunPhase phase;
    private List<Condition> conditions = new ArrayList<>();
    private String jobName;
    private String podName;
    private Long transferId;
    private String admittedAt;
    private String startedAt;
    private String finishedAt;
    private String logUrl;
    private String reason;
    private String message;
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
