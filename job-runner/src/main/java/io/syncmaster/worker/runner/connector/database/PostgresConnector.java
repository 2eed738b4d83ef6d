package io.syncmaster.worker.runner.connector.database;

import java.util.LinkedHashMap;
import java.util.Map;

import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.database.postgres.CopyStagingWriter;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;
import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * {@code postgres}: {@code host}, {@code port} (5432), {@code database_name}, {@code additional_params}; URL and
 * default properties as upstream (transfer-semantics §2.3). Staging tables are filled with COPY.
 */
public final class PostgresConnector extends JdbcConnector {
    @Override
    public String type() {
        return "postgres";
    }

    @Override
    protected SqlDialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    protected Location location(Fields connection, String clientInfo) {
        String host = connection.requiredText("host");
        int port = connection.port("port", 5432);
        String database = connection.requiredText("database_name");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("stringtype", "unspecified");
        props.put("tcpKeepAlive", "true");
        props.put("ApplicationName", truncate(clientInfo, 64));
        props.putAll(connection.stringMap("additional_params"));
        return new Location("jdbc:postgresql://" + hostForUrl(host) + ":" + port + "/" + encode(database), props);
    }

    @Override
    protected StagingWriter stagingWriter() {
        return new CopyStagingWriter();
    }
}
