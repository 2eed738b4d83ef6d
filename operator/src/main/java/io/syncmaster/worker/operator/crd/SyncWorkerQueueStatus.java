package io.syncmaster.worker.operator.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link SyncWorkerQueue}: consumer health and how many runs sit in each phase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Consumer health (conditions) and how many runs of the queue are in each phase.")
public class SyncWorkerQueueStatus {
    @JsonPropertyDescription("BrokerConnected (the RabbitMQ consumer) and Ready (runs are received; False with RunTemplateNotAllowed, "
            + "Suspended or BrokerNotConnected).")
    private List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("How many of the queue's TransferRuns are in each phase.")
    private RunCounts runs;
    @JsonPropertyDescription("When the consumer last received a run message from RabbitMQ.")
    private String lastMessageTime;
    @JsonPropertyDescription("The metadata.generation this status was written for.")
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
