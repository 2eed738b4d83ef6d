package io.syncmaster.worker.celery;

/**
 * What the consumer does with a valid run request. The contract that keeps messages safe: returning normally means
 * "the run is durably taken over" (the consumer then acks); throwing means "not taken over" (the consumer nacks with
 * requeue and backs off), so nothing is lost when a downstream system is down; throwing
 * {@link UnacceptableRunException} means "can never be taken over as delivered" (the consumer parks the message).
 *
 * <p>Called on the consumer's delivery thread, one delivery at a time per queue. It may block (for example until a
 * worker slot is free): the broker keeps the message unacknowledged meanwhile. It must tolerate redelivery of a run it
 * already handled.
 */
@FunctionalInterface
public interface RunDeliveryHandler {

    void handle(RunDelivery delivery) throws Exception;
}
