package io.syncmaster.worker.runner.jdbc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Builds a {@link JdbcEndpoint} from a connection's merged data + credentials (contract §3.6), with the URL and
 * default properties of transfer-semantics §2.3 (onETL's JDBCConnection, reproduced).
 */
public final class JdbcEndpoints {
    private JdbcEndpoints() {
    }

    /**
     * @param type       connection type, {@code postgres} or {@code mysql}
     * @param merged     connection.data updated with the decrypted auth_data
     * @param clientInfo text identifying this run to the database (application name)
     * @param side       which side of the transfer, for error messages
     */
    public static JdbcEndpoint create(String type, JsonNode merged, String clientInfo, FailureSide side) {
        String host = requiredText(merged, "host", type, side);
        String user = requiredText(merged, "user", type, side);
        String password = merged.path("password").isMissingNode() || merged.path("password").isNull()
                ? "" : merged.path("password").asText();
        Map<String, String> props = new LinkedHashMap<>();
        String url;
        switch (type) {
            case "postgres" -> {
                int port = port(merged, 5432, type, side);
                String database = requiredText(merged, "database_name", type, side);
                url = "jdbc:postgresql://" + hostForUrl(host) + ":" + port + "/" + encode(database);
                props.put("stringtype", "unspecified");
                props.put("tcpKeepAlive", "true");
                props.put("ApplicationName", truncate(clientInfo, 64));
            }
            case "mysql" -> {
                int port = port(merged, 3306, type, side);
                JsonNode database = merged.path("database_name");
                url = "jdbc:mysql://" + hostForUrl(host) + ":" + port
                        + (database.isTextual() && !database.asText().isEmpty() ? "/" + encode(database.asText()) : "");
                props.put("useUnicode", "yes");
                props.put("characterEncoding", "UTF-8");
                props.put("connectionAttributes", "program_name:" + clientInfo.replace(':', '_').replace(',', '_'));
            }
            default -> throw new RunFailure(side, "connection type " + type + " has no JDBC endpoint in this job-runner");
        }
        JsonNode additional = merged.path("additional_params");
        if (additional.isObject()) {
            additional.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    props.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                }
            });
        }
        props.put("user", user);
        props.put("password", password);
        SqlDialect dialect = "postgres".equals(type) ? PostgresDialect.INSTANCE : new MySqlDialect(true);
        return new JdbcEndpoint(dialect, url, props);
    }

    private static String requiredText(JsonNode merged, String key, String type, FailureSide side) {
        JsonNode value = merged.path(key);
        if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
            throw new RunFailure(side, side.label() + " connection (" + type + "): field '" + key + "' is missing");
        }
        return value.asText();
    }

    private static int port(JsonNode merged, int defaultPort, String type, FailureSide side) {
        JsonNode value = merged.path("port");
        if (value.isMissingNode() || value.isNull()) {
            return defaultPort;
        }
        if (value.canConvertToInt() || value.isTextual() && value.asText().matches("\\d{1,5}")) {
            int port = value.asInt();
            if (port > 0 && port < 65536) {
                return port;
            }
        }
        throw new RunFailure(side, side.label() + " connection (" + type + "): field 'port' is not a TCP port: " + value);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
