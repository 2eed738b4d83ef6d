package io.syncmaster.worker.runner.jdbc;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.text.StatusText;

/**
 * Everything needed to open a JDBC connection to one side of a transfer. The URL never holds credentials: user and
 * password travel as connection properties, and {@link #toString()} masks the password. Serializable because Spark
 * tasks open their own connections.
 */
public record JdbcEndpoint(SqlDialect dialect, String url, Map<String, String> properties) implements Serializable {
    private static final long serialVersionUID = 1L;

    public JdbcEndpoint {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public String user() {
        return properties.get("user");
    }

    public String password() {
        return properties.get("password");
    }

    public Properties toProperties() {
        Properties result = new Properties();
        result.putAll(properties);
        return result;
    }

    /** Opens a connection through the dialect's driver class (DriverManager alone may pick another driver). */
    public Connection open() throws SQLException {
        try {
            Class.forName(dialect.driverClass());
        } catch (ClassNotFoundException e) {
            throw new SQLException("JDBC driver " + dialect.driverClass() + " is not on the classpath", e);
        }
        return DriverManager.getDriver(url).connect(url, toProperties());
    }

    /** Properties with extra ones layered on top (later wins). */
    /**
     * Connects once and runs {@code SELECT 1} (upstream's connection check), so that a refused or misconfigured
     * connection fails the run before anything is read or written.
     *
     * @param side which side of the transfer this endpoint is, for the failure summary
     */
    public void checkConnection(FailureSide side) {
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw RunFailure.wrap(side, "cannot connect to the " + side.name().toLowerCase(java.util.Locale.ROOT) + " database", e);
        }
    }

    public JdbcEndpoint withProperties(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(extra);
        return new JdbcEndpoint(dialect, url, merged);
    }

    public JdbcEndpoint withDialect(SqlDialect otherDialect) {
        return new JdbcEndpoint(otherDialect, url, properties);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        // every secret-looking property (password, sslpassword, *KeyStorePassword, tokens...), not only "password"
        properties.forEach((k, v) -> shown.put(k, StatusText.isSecretName(k) ? "***" : v));
        return "JdbcEndpoint[" + dialect.name() + " " + SecretRedactor.sanitizeUrl(url) + " " + shown + "]";
    }
}
