package io.syncmaster.worker.runner.connector.database;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.jdbc.OracleDialect;
import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * {@code oracle}: {@code host}, {@code port} (1521), exactly one of {@code service_name} and {@code sid},
 * {@code additional_params}; URL and {@code v$session.program} as upstream (transfer-semantics §2.3). Target
 * columns are UPPER case; replace is two renames (see {@link OracleDialect}).
 */
public final class OracleConnector extends JdbcConnector {
    public OracleConnector() {
    }

    /** With another driver class for {@code jdbc:oracle:} URLs (the dialect-shape tests use an H2-backed one). */
    public OracleConnector(String driverClass) {
        super(driverClass);
    }

    @Override
    public String type() {
        return "oracle";
    }

    @Override
    protected SqlDialect dialect() {
        return OracleDialect.INSTANCE;
    }

    @Override
    protected Location location(Fields connection, String clientInfo) {
        String host = connection.requiredText("host");
        int port = connection.port("port", 1521);
        Optional<String> serviceName = connection.optionalText("service_name");
        Optional<String> sid = connection.optionalText("sid");
        if (serviceName.isPresent() == sid.isPresent()) {
            throw connection.fail(serviceName.isPresent() ? "sid" : "service_name",
                    serviceName.isPresent() ? "must not be set together with 'service_name'" : "is missing (set 'service_name' or 'sid')");
        }
        String url = sid.map(s -> "jdbc:oracle:thin:@" + hostForUrl(host) + ":" + port + ":" + s)
                .orElseGet(() -> "jdbc:oracle:thin:@//" + hostForUrl(host) + ":" + port + "/" + serviceName.get());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("v$session.program", truncate(clientInfo, 48));
        props.putAll(connection.stringMap("additional_params"));
        return new Location(url, props);
    }
}
