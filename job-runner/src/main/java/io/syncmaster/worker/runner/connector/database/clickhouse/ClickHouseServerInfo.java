package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the connected ClickHouse server can do, from its version and its database engine, where the SQL this runner
 * sends differs: {@code DateTime64} (20.1+; older servers store timestamps to the second), {@code Bool} (21.12+;
 * older ones get {@code UInt8}), and {@code EXCHANGE TABLES} (databases of the Atomic engine, the default since
 * 20.10; an Ordinary database, as on 18.16, only has {@code RENAME TABLE}).
 */
public record ClickHouseServerInfo(int major, int minor, boolean atomicDatabase) implements java.io.Serializable {
    /** Assumed before the server was asked: a current release. */
    public static final ClickHouseServerInfo MODERN = new ClickHouseServerInfo(25, 9, true);

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** @param version {@code SELECT version()}, e.g. {@code 18.16.1} */
    public static ClickHouseServerInfo of(String version, String databaseEngine) {
        Matcher m = VERSION.matcher(version == null ? "" : version.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("not a ClickHouse version: " + version);
        }
        return new ClickHouseServerInfo(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                "Atomic".equalsIgnoreCase(databaseEngine) || "Replicated".equalsIgnoreCase(databaseEngine));
    }

    public boolean dateTime64() {
        return major >= 20;
    }

    public boolean boolType() {
        return major > 21 || major == 21 && minor >= 12;
    }

    public String version() {
        return major + "." + minor;
    }
}
