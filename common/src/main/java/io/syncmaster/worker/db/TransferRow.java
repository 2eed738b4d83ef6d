package io.syncmaster.worker.db;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The columns of SyncMaster's {@code transfer} row that a run needs (everything except descriptions, scheduling
 * and {@code search_vector}). JSON columns are parsed; none of them holds credentials.
 */
public record TransferRow(long id, long groupId, String name, long sourceConnectionId, long targetConnectionId,
                          long queueId, JsonNode strategyParams, JsonNode sourceParams, JsonNode targetParams,
                          JsonNode transformations, JsonNode resources) {
}
