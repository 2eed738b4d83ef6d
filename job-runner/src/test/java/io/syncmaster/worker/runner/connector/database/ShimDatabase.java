package io.syncmaster.worker.runner.connector.database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.support.People;
import java.sql.Date;

/**
 * Test only: a uniquely named in-memory H2 database behind {@link H2ShimDriver}, posing as an Oracle or MSSQL
 * server, with the fixtures and read-back helpers the dialect-shape tests need.
 */
final class ShimDatabase {
    enum Mode { ORACLE, MSSQL }

    private final Mode mode;
    private final String name;

    ShimDatabase(Mode mode) {
        this.mode = mode;
        this.name = "db" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
        execute("CREATE SCHEMA " + quote(schema()));
    }

    String connectionType() {
        return mode == Mode.ORACLE ? "oracle" : "mssql";
    }

    /** The schema as written in transfer params (Oracle folds it to upper case). */
    String schema() {
        return mode == Mode.ORACLE ? "SYNC" : "dbo";
    }

    /** connection.data merged with basic auth, as the runner sees it. */
    ObjectNode merged() {
        ObjectNode merged = new ObjectMapper().createObjectNode();
        merged.put("host", "shim");
        if (mode == Mode.ORACLE) {
            merged.put("port", 1521);
            merged.put("service_name", name);
        } else {
            merged.put("port", 1433);
            merged.put("database_name", name);
        }
        merged.putObject("additional_params");
        merged.put("user", "scott");
        merged.put("password", "tiger-secret");
        return merged;
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("databaseName", name);
        String url = mode == Mode.ORACLE ? "jdbc:oracle:thin:@//shim:1521/" + name : "jdbc:sqlserver://shim:1433";
        return new H2ShimDriver().connect(url, props);
    }

    void execute(String... sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    /** {@code "SCHEMA"."TABLE"} as the runner names {@code schema.table} here. */
    String qualified(String table) {
        String folded = mode == Mode.ORACLE ? table.toUpperCase(Locale.ROOT) : table;
        return quote(schema()) + "." + quote(folded);
    }

    /** The 27 people (or the 5 mixed-naming ones) in {@code table}, with this database's column types. */
    void createPeople(String table, boolean mixedNaming) {
        List<String> columns = mixedNaming ? People.MIXED_COLUMNS : People.COLUMNS;
        String[] types = mode == Mode.ORACLE
                ? new String[] {"NUMBER(10)", "VARCHAR2(255)", "VARCHAR2(255)", "NUMBER(10)", "DATE", "TIMESTAMP(6)", "BINARY_DOUBLE"}
                : new String[] {"INT", "NVARCHAR(255)", "NVARCHAR(255)", "INT", "DATE", "DATETIME2(6)", "DOUBLE PRECISION"};
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + qualified(table) + " (");
        StringBuilder insert = new StringBuilder("INSERT INTO " + qualified(table) + " (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i > 0 ? ", " : "").append(quote(columns.get(i))).append(' ').append(types[i]);
            insert.append(i > 0 ? ", " : "").append(quote(columns.get(i)));
        }
        try (Connection connection = connect()) {
            connection.createStatement().execute(ddl.append(')').toString());
            try (PreparedStatement statement = connection.prepareStatement(insert.append(") VALUES (?, ?, ?, ?, ?, ?, ?)").toString())) {
                for (People.Person p : mixedNaming ? People.mixedNaming() : People.all()) {
                    statement.setInt(1, p.id());
                    statement.setString(2, p.phone());
                    statement.setString(3, p.region());
                    statement.setInt(4, p.number());
                    statement.setObject(5, p.birthDate());
                    statement.setObject(6, p.registeredAt());
                    statement.setDouble(7, p.balance());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> columns(String table) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + qualified(table) + " WHERE 1=0")) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw rows (column → JDBC object), in table order. */
    List<Map<String, Object>> rawRows(String table) {
        try (Connection connection = connect()) {
            return rawRows(connection, qualified(table));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw rows of {@code sqlTable} (as written in SQL) over any connection. */
    static List<Map<String, Object>> rawRows(Connection connection, String sqlTable) {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + sqlTable)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tables of the schema whose names start with syncmaster (staging leftovers), any case. */
    List<String> stagingTables() {
        try (Connection connection = connect();
                ResultSet rs = connection.getMetaData().getTables(null, schema(), "%", null)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT).startsWith("syncmaster")) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows "cast to the source schema type" (transfer-semantics §6.1): each value converted to the class of the
     * expected value under the same (case-insensitive) column name, then ordered by the first column.
     */
    static List<Map<String, Object>> castLike(List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
        Map<String, Object> sample = expected.isEmpty() ? Map.of() : expected.get(0);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> row : actual) {
            Map<String, Object> cast = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : row.entrySet()) {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                cast.put(key, cast(e.getValue(), sample.get(key)));
            }
            result.add(cast);
        }
        result.sort(Comparator.comparing(r -> (Long) r.values().iterator().next()));
        return result;
    }

    private static Object cast(Object value, Object like) {
        if (value == null || like == null) {
            return value;
        }
        if (like instanceof Long) {
            return ((Number) value).longValue();
        }
        if (like instanceof Double) {
            return value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
        }
        if (like instanceof LocalDate) {
            return value instanceof Date d ? d.toLocalDate()
                    : value instanceof Timestamp t ? t.toLocalDateTime().toLocalDate()
                    : value instanceof LocalDateTime l ? l.toLocalDate() : value;
        }
        if (like instanceof LocalDateTime) {
            return value instanceof Timestamp t ? t.toLocalDateTime() : value;
        }
        if (like instanceof String) {
            return value.toString();
        }
        return value;
    }
}
