package io.syncmaster.worker.runner.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.support.People.Person;

/**
 * Reads a table back and compares it with the expected people after casting every value to the source type
 * (transfer-semantics §6.1): integers as long, decimals and doubles as double, dates and timestamps as java.time,
 * text as text. MySQL targets keep timestamps only to the second, so they are compared within one second.
 */
public final class TableContent {
    private TableContent() {
    }

    /** Column names of {@code schema.table}, in order. */
    public static List<String> columns(ScratchDatabase db, String table) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + db.schema() + "." + table + " WHERE 1=0")) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean exists(ScratchDatabase db, String table) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + db.schema() + "." + table + " WHERE 1=0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** All tables of the database's schema whose name starts with {@code syncmaster_} (staging leftovers). */
    public static List<String> stagingTables(ScratchDatabase db) {
        try (Connection connection = db.connect();
                ResultSet rs = connection.getMetaData().getTables(db.kind() == ScratchDatabase.Kind.POSTGRES ? null : db.name(),
                        db.kind() == ScratchDatabase.Kind.POSTGRES ? "public" : null, "syncmaster%", null)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of {@code schema.table} as column → normalised value maps, ordered by the {@code orderBy} column. */
    public static List<Map<String, Object>> rows(ScratchDatabase db, String table, String orderBy) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + db.schema() + "." + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), normalise(rs.getObject(i)));
                }
                rows.add(row);
            }
            rows.sort(Comparator.comparing(r -> (Long) r.get(orderBy)));
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a DataFrame (a Spark catalog table read back) in the same normalised form, ordered by {@code orderBy}. */
    public static List<Map<String, Object>> rows(Dataset<Row> data, String orderBy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] columns = data.columns();
        for (Row r : data.collectAsList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], normalise(r.get(i)));
            }
            rows.add(row);
        }
        rows.sort(Comparator.comparing(r -> (Long) r.get(orderBy)));
        return rows;
    }

    /** The full data set as the target should hold it, keyed by the (lower-cased) target column names. */
    public static List<Map<String, Object>> expectedFull(List<Person> people, List<String> sourceColumns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Person p : people) {
            Object[] values = {(long) p.id(), p.phone(), p.region(), (long) p.number(), p.birthDate(), p.registeredAt(), p.balance()};
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                row.put(sourceColumns.get(i).toLowerCase(java.util.Locale.ROOT), values[i]);
            }
            rows.add(row);
        }
        rows.sort(Comparator.comparing(r -> (Long) r.values().iterator().next()));
        return rows;
    }

    /** The output of the §6.1 columns filter: id, region, phone_number, region2, number (as text), registered_at. */
    public static List<Map<String, Object>> expectedColumnsFiltered(List<Person> people) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Person p : people) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) p.id());
            row.put("region", p.region());
            row.put("phone_number", p.phone());
            row.put("region2", p.region());
            row.put("number", Integer.toString(p.number()));
            row.put("registered_at", p.registeredAt());
            rows.add(row);
        }
        rows.sort(Comparator.comparing(r -> (Long) r.get("id")));
        return rows;
    }

    /** Equal, except that timestamps may differ by less than {@code tolerance} (MySQL keeps whole seconds). */
    public static boolean sameRows(List<Map<String, Object>> actual, List<Map<String, Object>> expected, Duration tolerance) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            Map<String, Object> a = actual.get(i);
            Map<String, Object> e = expected.get(i);
            if (!a.keySet().equals(e.keySet())) {
                return false;
            }
            for (String key : e.keySet()) {
                Object av = a.get(key);
                Object ev = e.get(key);
                if (av instanceof LocalDateTime at && ev instanceof LocalDateTime et) {
                    if (Duration.between(at, et).abs().compareTo(tolerance) > 0) {
                        return false;
                    }
                } else if (!java.util.Objects.equals(av, ev)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.longValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        }
        return value;
    }
}
