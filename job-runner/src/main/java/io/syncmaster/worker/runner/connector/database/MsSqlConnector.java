package io.syncmaster.worker.runner.connector.database;

import java.util.LinkedHashMap;
import java.util.Map;

import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.jdbc.MsSqlDialect;
import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * {@code mssql}: {@code host}, {@code port} (1433), {@code database_name}, {@code additional_params}; URL and
 * properties as upstream (transfer-semantics §2.3), including {@code trustServerCertificate=true}, which
 * {@code additional_params} may override. Replace is DROP + sp_rename in one transaction (see {@link MsSqlDialect}).
 */
public final class MsSqlConnector extends JdbcConnector {
    public MsSqlConnector() {
    }

    /** With another driver class for {@code jdbc:sqlserver:} URLs (the dialect-shape tests use an H2-backed one). */
    public MsSqlConnector(String driverClass) {
        super(driverClass);
    }

    @Override
    public String type() {
        return "mssql";
    }

    @Override
    protected SqlDialect dialect() {
        return MsSqlDialect.INSTANCE;
    }

    @Override
    protected Location location(Fields connection, String clientInfo) {
        String host = connection.requiredText("host");
        int port = connection.port("port", 1433);
        String database = connection.requiredText("database_name");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("databaseName", database);
        props.put("applicationName", truncate(clientInfo, 128));
        props.put("trustServerCertificate", "true");
        props.putAll(connection.stringMap("additional_params"));
        return new Location("jdbc:sqlserver://" + hostForUrl(host) + ":" + port, props);
    }
}
