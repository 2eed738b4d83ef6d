package io.syncmaster.worker.testing;

/**
 * A queue row created by {@link SyncMasterFixtures#queue}: its id, name, group and the slug the server derived
 * (the RabbitMQ queue name).
 */
public record QueueRef(long id, long groupId, String name, String slug) {
}
