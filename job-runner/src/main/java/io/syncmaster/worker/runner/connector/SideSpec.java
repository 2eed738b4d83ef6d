package io.syncmaster.worker.runner.connector;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;

/**
 * What a connector gets to validate for one side of a transfer: the connection (data merged with the decrypted
 * credentials, transfer-semantics §2.1), the side's params ({@code source_params} or {@code target_params}, with
 * {@code type} still in it) and the run it belongs to. Failures carry {@link #side()} so the summary says which side
 * was wrong. {@link #toString()} never prints the connection data.
 */
public record SideSpec(FailureSide side, ConnectionSpec connection, JsonNode params, RunIdentity run) {
    /** {@code connection.data} + {@code auth_data}, read with messages like "source connection (postgres): field 'host' …". */
    public Fields connectionFields() {
        return new Fields(connection.merged(), side, side.label() + " connection (" + connection.type() + ")");
    }

    /** The side's params, read with messages like "transfer.source_params: field 'table_name' …". */
    public Fields paramFields() {
        return new Fields(params, side, "transfer." + side.label() + "_params");
    }

    /** A failure of this side with a message that is already safe to show. */
    public RunFailure fail(String message) {
        return new RunFailure(side, message);
    }

    @Override
    public String toString() {
        return "SideSpec[" + side.label() + ", " + connection + "]";
    }
}
