package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link SyncWorkerQueue}: consumer health and how many runs sit in each phase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncWorkerQueueStatus {
    private List<Condition> conditions = new ArrayList<>();
    private RunCounts runs;
    private String lastMessageTime;
    private Long observedGeneration;

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public RunCounts getRuns() {
        return runs;
    }

    public void setRuns(RunCounts runs) {
        this.runs = runs;
    }

    public String getLastMessageTime() {
        return lastMessageTime;
    }

    public void setLastMessageTime(String lastMessageTime) {
        this.lastMessageTime = lastMessageTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
