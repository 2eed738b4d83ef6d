package io.syncmaster.worker.runner.connector.database.clickhouse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that decides which JDBC driver talks to ClickHouse. The job-runner ships the maintained driver
 * ({@code com.clickhouse:clickhouse-jdbc}) for the servers SyncMaster users run today. The only server on CI's
 * machine is Debian's ClickHouse 18.16 (2018), which none of the maintained driver's versions can talk to; the legacy
 * {@code ru.yandex.clickhouse:clickhouse-jdbc:0.3.1} driver can (with {@code compress=false}). It is a test
 * dependency only, chosen with the system property {@value #PROPERTY} (or the environment variable {@value #ENV}):
 * {@code legacy} or {@code maintained} (the default).
 */
public enum ClickHouseDriver {
    /** {@code com.clickhouse:clickhouse-jdbc}: what the job-runner ships. */
    MAINTAINED("com.clickhouse.jdbc.ClickHouseDriver", "client_name"),
    /** {@code ru.yandex.clickhouse:clickhouse-jdbc:0.3.1}: CI's 18.16 server; its LZ4 framing fails unless compress=false. */
    LEGACY("ru.yandex.clickhouse.ClickHouseDriver", null);

    public static final String PROPERTY = "syncmaster.clickhouse.driver";
    public static final String ENV = "SYNCMASTER_CLICKHOUSE_DRIVER";

    private final String driverClass;
    /** The connection property naming the client (upstream: {@code client_name}); null when the driver has none. */
    private final String clientNameProperty;

    ClickHouseDriver(String driverClass, String clientNameProperty) {
        this.driverClass = driverClass;
        this.clientNameProperty = clientNameProperty;
    }

    public String driverClass() {
        return driverClass;
    }

    /** The connection properties this driver needs, with the run's client info where the driver takes one. */
    public Map<String, String> properties(String clientInfo) {
        Map<String, String> props = new LinkedHashMap<>();
        if (this == LEGACY) {
            props.put("compress", "false");
        }
        if (clientNameProperty != null && !clientInfo.isEmpty()) {
            props.put(clientNameProperty, clientInfo);
        }
        return props;
    }

    /** The driver this process is configured for. */
    public static ClickHouseDriver configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        if (value == null || value.isBlank()) {
            return MAINTAINED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "legacy" -> LEGACY;
            case "maintained" -> MAINTAINED;
            default -> throw new IllegalStateException(PROPERTY + " must be 'legacy' or 'maintained'");
        };
    }
}
