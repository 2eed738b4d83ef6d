package io.syncmaster.worker.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.json.PythonJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plays the SyncMaster server in tests: inserts users, groups, queues, connections (with encrypted
 * {@code auth_data}), transfers and runs the way the server does. Every NOT NULL column is given (the schema has
 * no DB defaults except timestamps), JSON columns are written as Python's {@code json.dumps} text, credentials as
 * {@code json.dumps(sort_keys=True, ensure_ascii=False)} encrypted with Fernet, queue slugs with the server's rule.
 */
public final class SyncMasterFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys the server drops from the credential view stored in {@code run.transfer_dump} (contract §2.3). */
    private static final Set<String> SECRET_AUTH_KEYS = Set.of("password", "secret_key", "rest_catalog_token",
            "rest_catalog_oauth2_client_secret", "s3_secret_key");

    private final DataSource dataSource;
    private final CredentialCipher cipher;

    public SyncMasterFixtures(DataSource dataSource, CredentialCipher cipher) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** A user (not superuser, active, no e-mail or names). */
    /**
     * A transfer whose rows nobody executes (tests of the run row only): user, group, queue, two PostgreSQL
     * connections and a table-to-table transfer between them. Returns the transfer id.
     */
    public long placeholderTransfer() {
        long user = user("alice");
        long group = group("group_one", user);
        QueueRef queue = queue(group, "Test Queue");
        Map<String, Object> data = Map.of("host", "pg", "port", 5432, "database_name", "db", "additional_params", Map.of());
        Map<String, Object> auth = Map.of("type", "basic", "user", "u", "password", "pw");
        long source = connection(group, "postgres", "source", data, auth);
        long target = connection(group, "postgres", "target", data, auth);
        return transfer(TransferSpec.builder(group, queue.id(), source, target)
                .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                .targetParams(TransferSpec.tableParams("postgres", "public.b"))
                .build());
    }

    public long user(String username) {
        return insert("INSERT INTO \"user\" (username, email, first_name, last_name, middle_name, is_superuser, "
                + "is_active) VALUES (?, NULL, NULL, NULL, NULL, false, true) RETURNING id", username);
    }

    /** A group owned by {@code ownerId}, empty description. */
    public long group(String name, long ownerId) {
        return insert("INSERT INTO \"group\" (name, description, owner_id) VALUES (?, '', ?) RETURNING id",
                name, ownerId);
    }

    /** A queue with the server's slug: {@code "{group_id}-{slugified name}"}. */
    public QueueRef queue(long groupId, String name) {
        String slug = slug(groupId, name);
        long id = insert("INSERT INTO queue (name, slug, group_id, description) VALUES (?, ?, ?, '') RETURNING id",
                name, slug, groupId);
        return new QueueRef(id, groupId, name, slug);
    }

    /**
     * The server's slug: name lower-cased, each run of characters other than {@code [a-z0-9]} replaced by
     * {@code _}, leading and trailing {@code _} stripped, prefixed with {@code "{group_id}-"}.
     */
    public static String slug(long groupId, String name) {
        String slugged = name.toLowerCase(Locale.ROOT).replaceAll("[^a-zA-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return groupId + "-" + slugged;
    }

    /**
     * A connection with its {@code auth_data} row: {@code data} as {@code json.dumps(data)}, {@code auth} encrypted.
     */
    public long connection(long groupId, String type, String name, Map<String, ?> data, Map<String, ?> auth) {
        long id = insert("INSERT INTO connection (group_id, type, name, description, data) "
                + "VALUES (?, ?, ?, '', ?::json) RETURNING id", groupId, type, name, PythonJson.dumps(data));
        execute("INSERT INTO auth_data (connection_id, value) VALUES (?, ?)", id, cipher.encryptJson(auth));
        return id;
    }

    /** A transfer; see {@link TransferSpec} for defaults. */
    public long transfer(TransferSpec spec) {
        String name = spec.name != null ? spec.name : "transfer_" + UUID.randomUUID().toString().substring(0, 8);
        return insert("INSERT INTO transfer (group_id, name, description, source_connection_id, target_connection_id, "
                        + "strategy_params, source_params, target_params, transformations, resources, is_scheduled, "
                        + "schedule, queue_id) VALUES (?, ?, ?, ?, ?, ?::json, ?::json, ?::json, ?::json, ?::json, ?, ?, ?) "
                        + "RETURNING id",
                spec.groupId, name, spec.description, spec.sourceConnectionId, spec.targetConnectionId,
                PythonJson.dumps(spec.strategyParams), PythonJson.dumps(spec.sourceParams),
                PythonJson.dumps(spec.targetParams), PythonJson.dumps(spec.transformations),
                PythonJson.dumps(spec.resources), spec.scheduled, spec.schedule, spec.queueId);
    }

    /**
     * A CREATED run as the server inserts it (contract §2.3): started_at, ended_at and log_url NULL, a secret-free
     * {@code transfer_dump}, created_at/updated_at from the database.
     *
     * @param type {@code MANUAL} or {@code SCHEDULED}
     */
    public long run(long transferId, String type) {
        return insert("INSERT INTO run (transfer_id, started_at, ended_at, status, type, log_url, transfer_dump) "
                        + "VALUES (?, NULL, NULL, 'CREATED', ?, NULL, ?::json) RETURNING id",
                transferId, type, PythonJson.dumps(transferDump(transferId)));
    }

    /** Sets a run's status as the server does (e.g. the stop endpoint: status and updated_at only). */
    public void setRunStatus(long runId, RunStatus status) {
        execute("UPDATE run SET status = ?, updated_at = ? WHERE id = ?", status.name(),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), runId);
    }

    /** Runs any statement with bound parameters (for breaking rows on purpose). Returns the update count. */
    public int execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("fixture statement failed: " + sql, e);
        }
    }

    private long insert(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("fixture insert failed: " + sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof OffsetDateTime t) {
                ps.setObject(i + 1, t, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** The server's {@code read_full_serialized_transfer}: keys in its order, credentials without secrets. */
    private Map<String, Object> transferDump(long transferId) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> dump = new LinkedHashMap<>();
            long sourceId;
            long targetId;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, group_id, queue_id, source_connection_id, "
                    + "target_connection_id, is_scheduled, description, schedule, source_params, target_params, "
                    + "strategy_params FROM transfer WHERE id = ?")) {
                ps.setLong(1, transferId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Map.of();
                    }
                    dump.put("id", rs.getLong("id"));
                    dump.put("name", rs.getString("name"));
                    dump.put("group_id", rs.getLong("group_id"));
                    dump.put("queue_id", rs.getLong("queue_id"));
                    sourceId = rs.getLong("source_connection_id");
                    targetId = rs.getLong("target_connection_id");
                    dump.put("source_connection_id", sourceId);
                    dump.put("target_connection_id", targetId);
                    dump.put("is_scheduled", rs.getBoolean("is_scheduled"));
                    dump.put("description", rs.getString("description"));
                    dump.put("schedule", rs.getString("schedule"));
                    dump.put("source_params", JSON.readTree(rs.getString("source_params")));
                    dump.put("target_params", JSON.readTree(rs.getString("target_params")));
                    dump.put("strategy_params", JSON.readTree(rs.getString("strategy_params")));
                }
            }
            dump.put("source_connection", connectionDump(c, sourceId));
            dump.put("target_connection", connectionDump(c, targetId));
            return dump;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot build transfer_dump of transfer " + transferId, e);
        }
    }

    private Map<String, Object> connectionDump(Connection c, long connectionId)
            throws SQLException, JsonProcessingException {
        Map<String, Object> dump = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.group_id, c.name, c.description, c.data, "
                + "a.value FROM connection c LEFT JOIN auth_data a ON a.connection_id = c.id WHERE c.id = ?")) {
            ps.setLong(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return dump;
                }
                dump.put("id", rs.getLong("id"));
                dump.put("group_id", rs.getLong("group_id"));
                dump.put("name", rs.getString("name"));
                dump.put("description", rs.getString("description"));
                dump.put("data", JSON.readTree(rs.getString("data")));
                String token = rs.getString("value");
                Map<String, Object> auth = new LinkedHashMap<>();
                if (token != null) {
                    JsonNode decrypted = cipher.decryptJson(token);
                    decrypted.fields().forEachRemaining(e -> {
                        if (!SECRET_AUTH_KEYS.contains(e.getKey())) {
                            auth.put(e.getKey(), e.getValue());
                        }
                    });
                }
                dump.put("auth_data", auth);
            }
        }
        return dump;
    }

    @Override
    public String toString() {
        return "SyncMasterFixtures";
    }
}
