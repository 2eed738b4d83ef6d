package io.syncmaster.worker.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Reads and writes {@code run} columns; tolerant of pre-0.2.0 databases with naive timestamps (contract §5.9). */
final class RunRows {

    static final String COLUMNS = "id, transfer_id, status, type, started_at, ended_at, log_url, created_at, updated_at";

    private RunRows() {
    }

    static RunRow read(ResultSet rs) throws SQLException {
        return new RunRow(
                rs.getLong("id"),
                rs.getLong("transfer_id"),
                RunStatus.fromDatabase(rs.getString("status")),
                rs.getString("type"),
                timestamp(rs, "started_at"),
                timestamp(rs, "ended_at"),
                rs.getString("log_url"),
                timestamp(rs, "created_at"),
                timestamp(rs, "updated_at"));
    }

    /** A timestamptz as UTC; a naive timestamp (old schema) is taken as UTC, which is what SyncMaster wrote. */
    static OffsetDateTime timestamp(ResultSet rs, String column) throws SQLException {
        int index = rs.findColumn(column);
        String typeName = rs.getMetaData().getColumnTypeName(index);
        if ("timestamp".equalsIgnoreCase(typeName)) {
            LocalDateTime local = rs.getObject(index, LocalDateTime.class);
            return local == null ? null : local.atOffset(ZoneOffset.UTC);
        }
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
    }

    static void bindTimestamp(PreparedStatement ps, int index, OffsetDateTime value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    /** The application's "now" as SyncMaster writes it: UTC, microsecond precision. */
    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
