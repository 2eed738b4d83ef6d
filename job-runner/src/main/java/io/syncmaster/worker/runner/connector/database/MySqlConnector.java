package io.syncmaster.worker.runner.connector.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.MySqlDialect;
import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * {@code mysql} (MySQL and MariaDB servers, through mysql-connector-j): {@code host}, {@code port} (3306),
 * optional {@code database_name}, {@code additional_params} (upstream ignores them; this runner passes them as
 * connection properties). Properties as upstream (transfer-semantics §2.3).
 */
public final class MySqlConnector extends JdbcConnector {
    static final String MARIADB_DRIVER = "org.mariadb.jdbc.Driver";

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    protected SqlDialect dialect() {
        return new MySqlDialect(true);
    }

    @Override
    protected Location location(Fields connection, String clientInfo) {
        String host = connection.requiredText("host");
        int port = connection.port("port", 3306);
        String database = connection.optionalText("database_name").map(name -> "/" + encode(name)).orElse("");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("useUnicode", "yes");
        props.put("characterEncoding", "UTF-8");
        props.put("connectionAttributes", "program_name:" + clientInfo.replace(':', '_').replace(',', '_'));
        props.putAll(connection.stringMap("additional_params"));
        return new Location("jdbc:mysql://" + hostForUrl(host) + ":" + port + database, props);
    }

    /**
     * A MariaDB server is written through MariaDB's own driver (same {@code jdbc:mysql:} URL, so Spark keeps its MySQL
     * dialect, plus {@code permitMysqlScheme}): MySQL Connector/J reads MariaDB's {@code 5.5.5-10.x} version string as
     * "no fractional seconds" and silently drops microseconds when it binds timestamps.
     */
    @Override
    protected JdbcEndpoint writeEndpoint(Connection connection, JdbcEndpoint endpoint) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
            if (!rs.next() || !rs.getString(1).contains("MariaDB")) {
                return endpoint;
            }
        }
        String url = endpoint.url() + (endpoint.url().contains("?") ? "&" : "?") + "permitMysqlScheme";
        return new JdbcEndpoint(endpoint.dialect(), url, endpoint.properties(), MARIADB_DRIVER);
    }
}
