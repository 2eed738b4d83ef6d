package io.syncmaster.worker.runner.jdbc;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.syncmaster.worker.runner.failure.SecretRedactor;
import java.util.Collections;
import java.sql.Driver;

/**
 * Everything needed to open a JDBC connection to one side of a transfer. The URL never holds credentials: user and
 * password travel as connection properties, and {@link #toString()} masks the password. Serializable because Spark
 * tasks open their own connections.
 */
public record JdbcEndpoint(SqlDialect dialect, String url, Map<String, String> properties, String driverClass)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public JdbcEndpoint {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** With the dialect's own driver class. */
    public JdbcEndpoint(SqlDialect dialect, String url, Map<String, String> properties) {
        this(dialect, url, properties, dialect.driverClass());
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

    /** Opens a connection through {@link #driverClass} (DriverManager alone may pick another driver for the URL). */
    public Connection open() throws SQLException {
        Driver driver;
        try {
            driver = (Driver) Class.forName(driverClass).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new SQLException("JDBC driver " + driverClass + " is not on the classpath", e);
        }
        Connection connection = driver.connect(url, toProperties());
        if (connection == null) {
            throw new SQLException("JDBC driver " + driverClass + " does not accept the URL " + SecretRedactor.sanitizeUrl(url));
        }
        return connection;
    }

    public JdbcEndpoint withProperties(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(extra);
        return new JdbcEndpoint(dialect, url, merged, driverClass);
    }

    public JdbcEndpoint withDialect(SqlDialect otherDialect) {
        return new JdbcEndpoint(otherDialect, url, properties, driverClass);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(properties);
        shown.computeIfPresent("password", (k, v) -> "***");
        return "JdbcEndpoint[" + dialect.name() + " " + SecretRedactor.sanitizeUrl(url) + " " + shown + "]";
    }
}
