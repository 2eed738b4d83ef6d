package io.syncmaster.worker.celery;

/**
 * Thrown by a {@link RunDeliveryHandler} when a valid run message can never be taken over as delivered (the API
 * server refuses its TransferRun as invalid, or the run id already belongs to another task): retrying would loop
 * forever, so the consumer parks the message in {@code <slug>.invalid} with this reason instead of requeueing it.
 */
public class UnacceptableRunException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnacceptableRunException(String reason) {
        super(reason);
    }
}
