package io.syncmaster.worker.runner.connector.database;

import java.util.Map;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.TableName;

/**
 * A database reached through JDBC. A subclass says only what differs per database: the dialect and how the
 * connection JSON becomes a URL and properties (transfer-semantics §2.3). Reading ({@link JdbcSource}) and
 * writing ({@link JdbcTarget}: staging table + swap) are the same code for every database.
 */
public abstract class JdbcConnector implements Connector {
    /** The dialect the SQL text is written in. */
    protected abstract SqlDialect dialect();

    /**
     * The URL and connection properties (without user and password, which are added here) from the connection's
     * fields. Pure: called once to validate, before anything connects, and again once the client info is known.
     *
     * @param clientInfo the run's client info (upstream: application name), empty while validating
     */
    protected abstract Location location(Fields connection, String clientInfo);

    /** A URL and the connection properties that go with it. */
    protected record Location(String url, Map<String, String> properties) {
    }

    /** The JDBC driver class; the dialect's unless a subclass was built with another (e.g. a test driver). */
    protected String driverClass() {
        return dialect().driverClass();
    }

    /** How rows get into a staging table; Spark JDBC batched inserts unless a database has something faster. */
    protected StagingWriter stagingWriter() {
        return new SparkJdbcStagingWriter();
    }

    @Override
    public Source source(SideSpec spec) {
        EndpointFactory endpoints = endpoints(spec);
        return new JdbcSource(spec.side(), endpoints, table(spec));
    }

    @Override
    public Target target(SideSpec spec) {
        EndpointFactory endpoints = endpoints(spec);
        return new JdbcTarget(spec.side(), endpoints, table(spec), spec.run().staging(), stagingWriter());
    }

    private EndpointFactory endpoints(SideSpec spec) {
        Fields connection = spec.connectionFields();
        String user = connection.requiredText("user");
        String password = connection.textOrEmpty("password");
        SqlDialect dialect = dialect();
        String driver = driverClass();
        EndpointFactory factory = clientInfo -> {
            Location location = location(connection, clientInfo);
            Map<String, String> props = new java.util.LinkedHashMap<>(location.properties());
            props.put("user", user);
            props.put("password", password);
            return new JdbcEndpoint(dialect, location.url(), props, driver);
        };
        factory.create(""); // validates every field now, before any I/O
        return factory;
    }

    private static TableName table(SideSpec spec) {
        return TableName.parse(spec.paramFields().optionalText("table_name").orElse(null), spec.side(),
                "transfer." + spec.side().label() + "_params");
    }

    /** Builds the endpoint once the run's client info is known. */
    @FunctionalInterface
    interface EndpointFactory {
        JdbcEndpoint create(String clientInfo);
    }

    /** {@code host} for a JDBC URL: IPv6 literals in brackets. */
    protected static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A URL path or property segment, percent-encoded. */
    protected static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    protected static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
