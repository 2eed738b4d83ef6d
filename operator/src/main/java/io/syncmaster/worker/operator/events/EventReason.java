package io.syncmaster.worker.operator.events;

/** The fixed reasons of the Events the operator records (stable, so alerts can match on them). */
public enum EventReason {
    ADMITTED("Admitted", "Admit"),
    QUEUE_FULL("QueueFull", "Admit"),
    CLAIMED("Claimed", "Claim"),
    SKIPPED("Skipped", "Claim"),
    JOB_CREATED("JobCreated", "CreateJob"),
    RUNNING("Running", "Observe"),
    SUCCEEDED("Succeeded", "Observe"),
    FAILED("Failed", "Observe"),
    STOPPED("Stopped", "Stop"),
    DB_SYNCED("DbSynced", "SyncRow"),
    DB_SYNC_FAILED("DbSyncFailed", "SyncRow"),
    INVALID_MESSAGE("InvalidMessage", "Consume"),
    BROKER_CONNECTED("BrokerConnected", "Consume"),
    BROKER_DISCONNECTED("BrokerDisconnected", "Consume");

    private final String text;
    private final String action;

    EventReason(String text, String action) {
        this.text = text;
        this.action = action;
    }

    public String text() {
        return text;
    }

    public String action() {
        return action;
    }
}
