package io.syncmaster.worker.lifecycle;

import java.util.UUID;

/**
 * The {@code correlation_id} a run's log URL is rendered with: the HTTP request id the server's Celery message
 * carries, or, as SyncMaster's worker does for scheduled runs without one, a fresh UUID as 32 hex digits.
 */
public final class CorrelationIds {

    private CorrelationIds() {
    }

    /** {@code header} when present, else a new random id. */
    public static String orNew(String header) {
        return header != null ? header : UUID.randomUUID().toString().replace("-", "");
    }
}
