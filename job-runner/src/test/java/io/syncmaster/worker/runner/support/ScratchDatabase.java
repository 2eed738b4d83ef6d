package io.syncmaster.worker.runner.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A uniquely named, empty database on the machine's PostgreSQL (127.0.0.1:5432, trust) or MariaDB
 * (127.0.0.1:3306, root) that a test class fills and drops at the end, also on failure.
 */
public final class ScratchDatabase implements AutoCloseable {
    public enum Kind { POSTGRES, MARIADB }

    private final Kind kind;
    private final String name;

    private ScratchDatabase(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public static ScratchDatabase create(Kind kind, String prefix) {
        String name = ("jr_" + prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL))
                .toLowerCase(Locale.ROOT);
        try (Connection admin = admin(kind); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new ScratchDatabase(kind, name);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public String connectionType() {
        return kind == Kind.POSTGRES ? "postgres" : "mysql";
    }

    /** The schema part of {@code schema.table} in transfer params: {@code public} or the MariaDB database. */
    public String schema() {
        return kind == Kind.POSTGRES ? "public" : name;
    }

    public String jdbcUrl() {
        return kind == Kind.POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/" + name : "jdbc:mysql://127.0.0.1:3306/" + name;
    }

    /**
     * A connection for fixtures and checks. MariaDB is reached with its own driver here: MySQL Connector/J sees
     * MariaDB's "5.5.5-10.x" version string and drops fractional seconds when binding timestamps.
     */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", kind == Kind.POSTGRES ? "postgres" : "root");
        props.setProperty("password", "");
        String url = kind == Kind.POSTGRES ? jdbcUrl() : "jdbc:mariadb://127.0.0.1:3306/" + name;
        return DriverManager.getConnection(url, props);
    }

    /** SyncMaster's connection.data for this database. */
    public ObjectNode connectionData() {
        ObjectNode data = new ObjectMapper().createObjectNode();
        data.put("type", connectionType());
        data.put("host", "127.0.0.1");
        data.put("port", kind == Kind.POSTGRES ? 5432 : 3306);
        data.put("database_name", name);
        data.putObject("additional_params");
        return data;
    }

    /** connection.data merged with basic auth (contract §3.6), as the runner sees it. */
    public ObjectNode merged() {
        ObjectNode merged = connectionData();
        merged.remove("type");
        merged.put("user", kind == Kind.POSTGRES ? "postgres" : "root");
        merged.put("password", "");
        return merged;
    }

    public void execute(String... sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Connection admin = admin(kind); Statement statement = admin.createStatement()) {
            if (kind == Kind.POSTGRES) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name, e);
        }
    }

    private static Connection admin(Kind kind) throws SQLException {
        Properties props = new Properties();
        props.setProperty("password", "");
        if (kind == Kind.POSTGRES) {
            props.setProperty("user", "postgres");
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", props);
        }
        props.setProperty("user", "root");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", props);
    }
}
