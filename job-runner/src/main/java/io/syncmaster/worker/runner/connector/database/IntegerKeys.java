package io.syncmaster.worker.runner.connector.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.TableName;

/**
 * Finds a column whose ranges split a parallel read cheaply: a single-column integer primary key, else the first
 * column of an index that is an integer, from the driver's metadata (works the same on every JDBC database).
 */
final class IntegerKeys {
    private IntegerKeys() {
    }

    /** The column's name as the database spells it, or empty. */
    static Optional<String> find(Connection connection, SqlDialect dialect, TableName table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = dialect.foldIdentifier(table.schema());
        String name = dialect.foldIdentifier(table.table());
        String catalog = dialect.schemaIsCatalog() ? schema : null;
        String schemaPattern = dialect.schemaIsCatalog() ? null : schema;
        List<String> candidates = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schemaPattern, name)) {
            List<String> keyColumns = new ArrayList<>();
            while (rs.next()) {
                keyColumns.add(rs.getString("COLUMN_NAME"));
            }
            if (keyColumns.size() == 1) {
                candidates.add(keyColumns.get(0));
            }
        }
        try (ResultSet rs = meta.getIndexInfo(catalog, schemaPattern, name, false, true)) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                if (rs.getShort("ORDINAL_POSITION") == 1 && column != null && !candidates.contains(column)) {
                    candidates.add(column);
                }
            }
        }
        for (String column : candidates) {
            if (isInteger(meta, catalog, schemaPattern, name, column)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    private static boolean isInteger(DatabaseMetaData meta, String catalog, String schema, String table, String column) throws SQLException {
        try (ResultSet rs = meta.getColumns(catalog, schema, table, column)) {
            while (rs.next()) {
                if (!column.equals(rs.getString("COLUMN_NAME"))) {
                    continue; // the name is a LIKE pattern
                }
                int type = rs.getInt("DATA_TYPE");
                return switch (type) {
                    case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
                    case Types.NUMERIC, Types.DECIMAL -> rs.getInt("DECIMAL_DIGITS") == 0 && !rs.wasNull();
                    default -> false;
                };
            }
        }
        return false;
    }
}
