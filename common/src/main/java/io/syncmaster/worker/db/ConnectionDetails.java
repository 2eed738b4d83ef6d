package io.syncmaster.worker.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A SyncMaster connection with its decrypted credentials.
 *
 * <p>A class, not a record, so the credentials can never leak through a generated {@code toString()}.
 * {@link #merged()} builds the dict SyncMaster hands to its connection DTOs (contract §3.6).
 */
public final class ConnectionDetails {

    private final long id;
    private final long groupId;
    private final String type;
    private final String name;
    private final ObjectNode data;
    private final ObjectNode auth;

    public ConnectionDetails(long id, long groupId, String type, String name, ObjectNode data, ObjectNode auth) {
        this.id = id;
        this.groupId = groupId;
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.data = Objects.requireNonNull(data, "data").deepCopy();
        this.auth = Objects.requireNonNull(auth, "auth").deepCopy();
    }

    public long id() {
        return id;
    }

    public long groupId() {
        return groupId;
    }

    /** {@code connection.type} (e.g. {@code postgres}); SyncMaster chooses handlers by the transfer params instead. */
    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** {@code connection.data}: the non-secret parameters (a copy). */
    public JsonNode data() {
        return data.deepCopy();
    }

    /** The decrypted {@code auth_data} JSON (a copy); its {@code type} is the auth type. Secret. */
    public JsonNode auth() {
        return auth.deepCopy();
    }

    /**
     * {@code data} updated with {@code auth} (auth keys win, shallow like Python's {@code dict.update}), then
     * {@code type} removed: the input of SyncMaster's connection DTOs. Secret. A new object on every call.
     */
    public ObjectNode merged() {
        ObjectNode merged = data.deepCopy();
        merged.setAll(auth.deepCopy());
        merged.remove("type");
        return merged;
    }

    @Override
    public String toString() {
        return "ConnectionDetails[id=" + id + ", type=" + type + ", name=" + name + ", auth=<redacted>]";
    }
}
