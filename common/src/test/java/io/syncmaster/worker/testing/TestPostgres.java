package io.syncmaster.worker.testing;

import io.syncmaster.worker.config.JdbcTarget;
import io.syncmaster.worker.db.SyncMasterDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A throw-away SyncMaster database on the machine's PostgreSQL (127.0.0.1:5432, user {@code postgres}, trust
 * authentication): a uniquely named database loaded with SyncMaster's schema, dropped on {@link #close()} (also
 * when connections are still open).
 *
 * <p>The schema comes from the file named by the system property {@code syncmaster.schema.file} (the parent POM's
 * surefire configuration sets it); otherwise the working directory and its parents are searched for
 * {@code shared/spec/syncmaster_schema.sql}. Host, port and user can be changed with the system properties
 * {@code syncmaster.test.postgres.host}, {@code .port} and {@code .user}.
 */
public final class TestPostgres implements AutoCloseable {

    /** System property naming the schema file. */
    public static final String SCHEMA_FILE_PROPERTY = "syncmaster.schema.file";

    private static final String SCHEMA_RELATIVE_PATH = "shared/spec/syncmaster_schema.sql";

    private final String host;
    private final int port;
    private final String user;
    private final String databaseName;
    private final SyncMasterDatabase pool;
    private boolean closed;

    private TestPostgres(String host, int port, String user, String databaseName) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.databaseName = databaseName;
        this.pool = SyncMasterDatabase.open(jdbc(), "test-" + databaseName, 8);
    }

    /**
     * Creates {@code <prefix>_<random>} and loads the schema.
     *
     * @param prefix letters, digits and underscores are kept (lower-cased); anything else becomes {@code _}
     */
    public static TestPostgres create(String prefix) {
        String host = System.getProperty("syncmaster.test.postgres.host", "127.0.0.1");
        int port = Integer.parseInt(System.getProperty("syncmaster.test.postgres.port", "5432"));
        String user = System.getProperty("syncmaster.test.postgres.user", "postgres");
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "t_" + cleaned;
        }
        if (cleaned.length() > 40) {
            cleaned = cleaned.substring(0, 40);
        }
        String name = cleaned + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String schema = readSchema();
        try (Connection admin = adminConnection(host, port, user); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + host + ":" + port
                    + " (is PostgreSQL running?)", e);
        }
        try (Connection c = DriverManager.getConnection(url(host, port, name), props(user));
             Statement st = c.createStatement()) {
            st.execute(schema);
        } catch (SQLException e) {
            drop(host, port, user, name);
            throw new IllegalStateException("cannot load SyncMaster's schema into " + name, e);
        }
        return new TestPostgres(host, port, user, name);
    }

    /** The schema file: the system property, else {@code shared/spec/...} searched upwards from the working dir. */
    public static Path schemaFile() {
        String configured = System.getProperty(SCHEMA_FILE_PROPERTY);
        if (configured != null && !configured.isBlank() && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve(SCHEMA_RELATIVE_PATH),
                    dir.resolve("..").resolve(SCHEMA_RELATIVE_PATH)}) {
                if (Files.isRegularFile(candidate)) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("SyncMaster schema not found: set -D" + SCHEMA_FILE_PROPERTY
                + "=/path/to/syncmaster_schema.sql (searched " + SCHEMA_RELATIVE_PATH + " upwards from "
                + Path.of("").toAbsolutePath() + ")");
    }

    private static String readSchema() {
        try {
            return Files.readString(schemaFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection adminConnection(String host, int port, String user) throws SQLException {
        return DriverManager.getConnection(url(host, port, "postgres"), props(user));
    }

    private static String url(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static Properties props(String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        return p;
    }

    private static void drop(String host, int port, String user, String name) {
        try (Connection admin = adminConnection(host, port, user); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    /** {@code postgresql+asyncpg://postgres@127.0.0.1:5432/<db>}: what a SyncMaster config would hold. */
    public String sqlAlchemyUrl() {
        return "postgresql+asyncpg://" + user + "@" + host + ":" + port + "/" + databaseName;
    }

    /** The JDBC target of this database (via {@link JdbcTarget#fromSqlAlchemyUrl}). */
    public JdbcTarget jdbc() {
        return JdbcTarget.fromSqlAlchemyUrl(sqlAlchemyUrl());
    }

    /** A pooled data source on this database (up to 8 connections, session time zone UTC). */
    public DataSource dataSource() {
        return pool.dataSource();
    }

    public String databaseName() {
        return databaseName;
    }

    /** Closes the pool and drops the database (forcibly, even with other connections open). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        drop(host, port, user, databaseName);
    }

    @Override
    public String toString() {
        return "TestPostgres[" + databaseName + "]";
    }
}
