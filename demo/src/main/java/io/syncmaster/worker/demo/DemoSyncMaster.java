package io.syncmaster.worker.demo;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.json.PythonJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Plays SyncMaster's server for the demo: inserts a user, a group, a queue, connections with Fernet-encrypted
 * credentials, transfers and CREATED runs the way the server's repositories write them (contract §1.2, §2.3): every
 * NOT NULL column given, JSON columns as Python's {@code json.dumps} text, credentials as
 * {@code json.dumps(sort_keys=True, ensure_ascii=False)} encrypted with the deployment's Fernet key, the queue slug
 * {@code "{group_id}-{name}"}, and a secret-free {@code transfer_dump} snapshot in each run.
 */
final class DemoSyncMaster {

    /** A connection as the server stores it. */
    record ConnectionRow(long id, long groupId, String name, Map<String, Object> data, Map<String, Object> auth) {
    }

    /** A transfer as the server stores it (what the dump needs). */
    record TransferRow(long id, String name, long groupId, long queueId, ConnectionRow source, ConnectionRow target,
                       Map<String, Object> sourceParams, Map<String, Object> targetParams,
                       Map<String, Object> strategyParams) {
    }

    private final DataSource dataSource;
    private final CredentialCipher cipher;

    DemoSyncMaster(DataSource dataSource, CredentialCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    long user(String username) throws SQLException {
        return insert("INSERT INTO \"user\" (username, email, first_name, last_name, middle_name, is_superuser, is_active)"
                + " VALUES (?, NULL, NULL, NULL, NULL, false, true) RETURNING id", username);
    }

    long group(String name, long ownerId) throws SQLException {
        return insert("INSERT INTO \"group\" (name, description, owner_id) VALUES (?, '', ?) RETURNING id", name, ownerId);
    }

    /** Returns the queue's slug (the RabbitMQ queue name); {@code queueIdOut[0]} receives its id. */
    String queue(long groupId, String name, long[] queueIdOut) throws SQLException {
        String slug = groupId + "-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-zA-Z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        queueIdOut[0] = insert("INSERT INTO queue (name, slug, group_id, description) VALUES (?, ?, ?, '') RETURNING id",
                name, slug, groupId);
        return slug;
    }

    ConnectionRow connection(long groupId, String name, Map<String, Object> data, Map<String, Object> auth)
            throws SQLException {
        long id = insert("INSERT INTO connection (group_id, type, name, description, data) VALUES (?, 'postgres', ?, '',"
                + " ?::json) RETURNING id", groupId, name, PythonJson.dumps(data));
        execute("INSERT INTO auth_data (connection_id, value) VALUES (?, ?)", id, cipher.encryptJson(auth));
        return new ConnectionRow(id, groupId, name, data, auth);
    }

    TransferRow transfer(long groupId, long queueId, String name, ConnectionRow source, ConnectionRow target,
                         String sourceTable, String targetTable, List<Map<String, Object>> transformations)
            throws SQLException {
        Map<String, Object> sourceParams = ordered("type", "postgres", "table_name", sourceTable);
        Map<String, Object> targetParams = ordered("type", "postgres", "table_name", targetTable);
        Map<String, Object> strategy = ordered("type", "full");
        Map<String, Object> resources = ordered("max_parallel_tasks", 1, "cpu_cores_per_task", 1,
                "ram_bytes_per_task", 1073741824L);
        long id = insert("INSERT INTO transfer (group_id, name, description, source_connection_id, target_connection_id,"
                        + " strategy_params, source_params, target_params, transformations, resources, is_scheduled,"
                        + " schedule, queue_id) VALUES (?, ?, '', ?, ?, ?::json, ?::json, ?::json, ?::json, ?::json, false,"
                        + " '', ?) RETURNING id",
                groupId, name, source.id(), target.id(), PythonJson.dumps(strategy), PythonJson.dumps(sourceParams),
                PythonJson.dumps(targetParams), PythonJson.dumps(transformations), PythonJson.dumps(resources), queueId);
        return new TransferRow(id, name, groupId, queueId, source, target, sourceParams, targetParams, strategy);
    }

    /** {@code INSERT INTO run ... 'CREATED', 'MANUAL'} with the server's secret-free transfer snapshot. */
    long run(TransferRow transfer) throws SQLException {
        Map<String, Object> dump = new LinkedHashMap<>();
        dump.put("id", transfer.id());
        dump.put("name", transfer.name());
        dump.put("group_id", transfer.groupId());
        dump.put("queue_id", transfer.queueId());
        dump.put("source_connection_id", transfer.source().id());
        dump.put("target_connection_id", transfer.target().id());
        dump.put("is_scheduled", false);
        dump.put("description", "");
        dump.put("schedule", "");
        dump.put("source_params", transfer.sourceParams());
        dump.put("target_params", transfer.targetParams());
        dump.put("strategy_params", transfer.strategyParams());
        dump.put("source_connection", connectionDump(transfer.source()));
        dump.put("target_connection", connectionDump(transfer.target()));
        return insert("INSERT INTO run (transfer_id, started_at, ended_at, status, type, log_url, transfer_dump)"
                + " VALUES (?, NULL, NULL, 'CREATED', 'MANUAL', NULL, ?::json) RETURNING id", transfer.id(),
                PythonJson.dumps(dump));
    }

    private static Map<String, Object> connectionDump(ConnectionRow connection) {
        Map<String, Object> auth = new LinkedHashMap<>(connection.auth());
        auth.remove("password"); // the server's Read*AuthSchema view never holds secrets
        return ordered("id", connection.id(), "group_id", connection.groupId(), "name", connection.name(),
                "description", "", "data", connection.data(), "auth_data", auth);
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private long insert(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
