package io.syncmaster.worker.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.crypto.CredentialException;
import io.syncmaster.worker.db.TransferLoadException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Loads everything a job-runner needs for one run (contract §1.6): the run, its transfer, the transfer's group, the
 * source and target connections and exactly one {@code auth_data} row for each, decrypted.
 *
 * <p>All reads happen in one read-only REPEATABLE READ transaction, so the pieces are consistent with each other.
 * Like SyncMaster's worker it reads the live transfer and credentials, not {@code run.transfer_dump}. Problems with
 * the data raise {@link TransferLoadException}; database failures raise {@link DatabaseException}. Thread-safe.
 */
public final class TransferRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final CredentialCipher cipher;

    public TransferRepository(DataSource dataSource, CredentialCipher cipher) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /**
     * @throws TransferLoadException if a row is missing, the auth_data count is not 1, a credential cannot be
     *                               decrypted or a JSON column is not valid; the message names ids, never values
     * @throws DatabaseException     if the database cannot be read
     */
    public RunContext load(long runId) {
        return readOnly("loading run " + runId, c -> load(c, runId));
    }

    /**
     * The transfer {@code transferId} with its group and connections, as a run of it would see them ({@code run()} is
     * null): what {@code check-transfers} judges before a switch-over. Same exceptions as {@link #load(long)}.
     */
    public RunContext loadTransfer(long transferId) {
        return readOnly("loading transfer " + transferId, c -> transferContext(c, transferId, null, ""));
    }

    /** Ids of every transfer, ascending. */
    public List<Long> transferIds() {
        return readOnly("listing transfers", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM transfer ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T readOnly(String what, Read<T> read) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            boolean readOnly = c.isReadOnly();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return read.apply(c);
            } finally {
                c.rollback();
                c.setReadOnly(readOnly);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DatabaseException(what, e);
        }
    }

    private RunContext load(Connection c, long runId) throws SQLException {
        RunRow run;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RunRows.COLUMNS + " FROM run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new TransferLoadException(Kind.RUN_NOT_FOUND, "run " + runId + " not found");
                }
                run = RunRows.read(rs);
            }
        }
        return transferContext(c, run.transferId(), run, " of run " + runId);
    }

    private RunContext transferContext(Connection c, long transferId, RunRow run, String ofRun) throws SQLException {
        TransferRow transfer;
        String transferSql = "SELECT id, group_id, name, source_connection_id, target_connection_id, queue_id, "
                + "strategy_params, source_params, target_params, transformations, resources FROM transfer WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(transferSql)) {
            ps.setLong(1, transferId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new TransferLoadException(Kind.TRANSFER_NOT_FOUND, "transfer " + transferId + ofRun + " not found");
                }
                String what = "transfer " + transferId;
                transfer = new TransferRow(
                        rs.getLong("id"),
                        rs.getLong("group_id"),
                        rs.getString("name"),
                        rs.getLong("source_connection_id"),
                        rs.getLong("target_connection_id"),
                        rs.getLong("queue_id"),
                        json(rs.getString("strategy_params"), what, "strategy_params"),
                        json(rs.getString("source_params"), what, "source_params"),
                        json(rs.getString("target_params"), what, "target_params"),
                        json(rs.getString("transformations"), what, "transformations"),
                        json(rs.getString("resources"), what, "resources"));
            }
        }

        String groupName;
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM \"group\" WHERE id = ?")) {
            ps.setLong(1, transfer.groupId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new TransferLoadException(Kind.GROUP_NOT_FOUND,
                            "group " + transfer.groupId() + " of transfer " + transfer.id() + " not found");
                }
                groupName = rs.getString(1);
            }
        }

        ConnectionDetails source = connection(c, transfer, transfer.sourceConnectionId(), "source");
        ConnectionDetails target = connection(c, transfer, transfer.targetConnectionId(), "target");
        return new RunContext(run, transfer, groupName, source, target);
    }

    private ConnectionDetails connection(Connection c, TransferRow transfer, long connectionId, String role)
            throws SQLException {
        String what = role + " connection " + connectionId + " of transfer " + transfer.id();
        long groupId;
        String type;
        String name;
        JsonNode data;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, group_id, type, name, data FROM connection WHERE id = ?")) {
            ps.setLong(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new TransferLoadException(Kind.CONNECTION_NOT_FOUND, what + " not found");
                }
                groupId = rs.getLong("group_id");
                type = rs.getString("type");
                name = rs.getString("name");
                data = json(rs.getString("data"), what, "data");
            }
        }
        if (!data.isObject()) {
            throw new TransferLoadException(Kind.INVALID_JSON, what + ": column data is not a JSON object");
        }

        List<String> tokens = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM auth_data WHERE connection_id = ?")) {
            ps.setLong(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(rs.getString(1));
                }
            }
        }
        if (tokens.size() != 1) {
            throw new TransferLoadException(Kind.AUTH_DATA_COUNT, what + " has " + tokens.size()
                    + " auth_data rows (exactly 1 expected)");
        }
        JsonNode auth;
        try {
            auth = cipher.decryptJson(tokens.get(0));
        } catch (CredentialException e) {
            throw new TransferLoadException(Kind.CREDENTIALS_UNREADABLE,
                    what + ": auth_data cannot be decrypted: " + e.getMessage());
        }
        if (!auth.isObject()) {
            throw new TransferLoadException(Kind.CREDENTIALS_UNREADABLE,
                    what + ": decrypted auth_data is not a JSON object");
        }
        return new ConnectionDetails(connectionId, groupId, type, name, (ObjectNode) data, (ObjectNode) auth);
    }

    private static JsonNode json(String text, String what, String column) {
        if (text == null) {
            throw new TransferLoadException(Kind.INVALID_JSON, what + ": column " + column + " is NULL");
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the text: report only the column
            throw new TransferLoadException(Kind.INVALID_JSON, what + ": column " + column + " is not valid JSON");
        }
    }

    @Override
    public String toString() {
        return "TransferRepository";
    }
}
