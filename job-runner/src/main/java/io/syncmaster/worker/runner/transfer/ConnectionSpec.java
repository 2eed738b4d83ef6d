package io.syncmaster.worker.runner.transfer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One side's connection as the runner needs it: id and name for messages, the stored type, and connection.data
 * merged with the decrypted credentials (contract §3.6). {@link #toString()} never prints the merged data.
 */
public record ConnectionSpec(long id, String type, String name, JsonNode merged) {
    @Override
    public String toString() {
        return "ConnectionSpec[id=" + id + ", type=" + type + ", name=" + name + "]";
    }
}
