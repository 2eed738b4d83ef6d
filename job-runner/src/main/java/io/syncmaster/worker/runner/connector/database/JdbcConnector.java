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
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.sql.Statement;
import java.sql.SQLException;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A database reached through JDBC. A subclass says only what differs per database: the dialect and how the
 * connection JSON becomes a URL and properties (transfer-semantics §2.3). Reading ({@link JdbcSource}) and
 * writing ({@link JdbcTarget}: staging table + swap) are the same code for every database.
 */
public abstract class JdbcConnector implements Connector {
    /** Null: the dialect's driver. */
    private final String driverClass;

    protected JdbcConnector() {
        this(null);
    }

    /** With another driver class for the database's URLs (the dialect-shape tests use an H2-backed one). */
    protected JdbcConnector(String driverClass) {
        this.driverClass = driverClass;
    }

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

    private String driverClass() {
        return driverClass != null ? driverClass : dialect().driverClass();
    }

    /**
     * The endpoint to write through once the server is known (connected, probe done); the same one unless a server
     * needs another driver (MySqlConnector: MariaDB servers).
     */
    protected JdbcEndpoint writeEndpoint(Connection connection, JdbcEndpoint endpoint) throws SQLException {
        return endpoint;
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
        EndpointFactory factory = new EndpointFactory() {
            @Override
            JdbcEndpoint create(String clientInfo) {
                Location location = location(connection, clientInfo);
                Map<String, String> props = new LinkedHashMap<>(location.properties());
                props.put("user", user);
                props.put("password", password);
                return new JdbcEndpoint(dialect, location.url(), props, driver);
            }

            @Override
            JdbcEndpoint forWriting(Connection server, JdbcEndpoint endpoint) throws SQLException {
                return writeEndpoint(server, endpoint);
            }
        };
        factory.create(""); // validates every field now, before any I/O
        return factory;
    }

    private static TableName table(SideSpec spec) {
        return TableName.parse(spec.paramFields().optionalText("table_name").orElse(null), spec.side(),
                "transfer." + spec.side().label() + "_params");
    }

    /**
     * Builds a side's endpoint once the run's client info is known, and connects it once the way both sides do:
     * upstream's probe query, the session's dialect, errors worded alike and free of secrets.
     */
    abstract static class EndpointFactory {
        abstract JdbcEndpoint create(String clientInfo);

        /** See {@link JdbcConnector#writeEndpoint}. */
        abstract JdbcEndpoint forWriting(Connection server, JdbcEndpoint endpoint) throws SQLException;

        /**
         * Connects, runs the probe query and then {@code then} on the same connection with the endpoint in the
         * session's dialect; registers the password with the run's redactor first.
         */
        JdbcEndpoint connect(RunEnvironment env, FailureSide side,
                AfterProbe then) {
            JdbcEndpoint created = create(env.clientInfo());
            env.redactor().register(created.password());
            try (Connection connection = created.open(); Statement statement = connection.createStatement()) {
                JdbcEndpoint session = created.withDialect(created.dialect().forSession(connection));
                statement.execute(session.dialect().probeQuery());
                return then.apply(connection, session);
            } catch (SQLException e) {
                throw RunFailure.wrap(side, "cannot connect to the " + side.label() + " database "
                        + SecretRedactor.sanitizeUrl(created.url()), e);
            }
        }

        /** {@code <dialect> <url without secrets> table <table>}, for the log. */
        String describe(JdbcEndpoint current, TableName table) {
            JdbcEndpoint shown = current != null ? current : create("");
            return shown.dialect().name() + " " + SecretRedactor.sanitizeUrl(shown.url())
                    + " table " + table;
        }
    }

    /** What a side checks on the probed connection; returns the endpoint to keep. */
    @FunctionalInterface
    interface AfterProbe {
        JdbcEndpoint apply(Connection connection, JdbcEndpoint session) throws SQLException;
    }

    /** {@code host} for a JDBC URL: IPv6 literals in brackets. */
    protected static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A URL path or property segment, percent-encoded. */
    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    protected static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
