package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the connected ClickHouse server can do, where the SQL this runner sends differs: {@code DateTime64} (20.1+;
 * older servers store timestamps to the second, from 1970 on), {@code Date32} (21.9+; {@code Date} starts in 1970), {@code Bool} (21.12+; older ones get {@code UInt8}), and
 * {@code EXCHANGE TABLES}, which needs a database of the Atomic engine (the default since 20.10; an Ordinary
 * database, as every database on 18.16, only has {@code RENAME TABLE}).
 *
 * @param databaseEngines engine per database name, as {@code system.databases} reports it
 */
public record ClickHouseServerInfo(int major, int minor, Map<String, String> databaseEngines) implements java.io.Serializable {
    /** Assumed before the server was asked: a current release. */
    public static final ClickHouseServerInfo MODERN = new ClickHouseServerInfo(25, 9, Map.of());

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    public ClickHouseServerInfo {
        databaseEngines = Map.copyOf(databaseEngines);
    }

    /** @param version {@code SELECT version()}, e.g. {@code 18.16.1} */
    public static ClickHouseServerInfo of(String version, Map<String, String> databaseEngines) {
        Matcher m = VERSION.matcher(version == null ? "" : version.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("not a ClickHouse version: " + version);
        }
        return new ClickHouseServerInfo(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), databaseEngines);
    }

    /** Asks the server: {@code version()} and {@code system.databases}. */
    public static ClickHouseServerInfo query(Connection connection) throws SQLException {
        String version;
        Map<String, String> engines = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT version()")) {
                rs.next();
                version = rs.getString(1);
            }
            try (ResultSet rs = statement.executeQuery("SELECT name, engine FROM system.databases")) {
                while (rs.next()) {
                    engines.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return of(version, engines);
    }

    public boolean dateTime64() {
        return major >= 20;
    }

    /** {@code Date32} (1900-01-01 … 2299-12-31), 21.9+; {@code Date} only holds 1970-01-01 … 2149-06-06. */
    public boolean date32() {
        return major > 21 || major == 21 && minor >= 9;
    }

    public boolean boolType() {
        return major > 21 || major == 21 && minor >= 12;
    }

    /** True when {@code database} can {@code EXCHANGE TABLES} (Atomic engine; unknown: the version's default). */
    public boolean atomic(String database) {
        String engine = databaseEngines.get(database);
        if (engine == null) {
            return major > 20 || major == 20 && minor >= 10;
        }
        return engine.equalsIgnoreCase("Atomic") || engine.equalsIgnoreCase("Replicated");
    }

    public String version() {
        return major + "." + minor;
    }
}
