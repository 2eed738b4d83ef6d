package io.syncmaster.worker.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A private ClickHouse server for one test class: the Debian {@code clickhouse-server} binary (18.16 on this
 * machine; {@code .ci/run} installs it) started with its own config, users and data directory under
 * {@code target/} and its own free loopback ports, stopped and deleted by {@link #close()}. The {@code default} user
 * gets a random password so that tests can also prove a wrong one is refused.
 */
public final class ClickHouseServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");

    private final Path dir;
    private final Process process;
    private final int httpPort;
    private final String password;

    private ClickHouseServer(Path dir, Process process, int httpPort, String password) {
        this.dir = dir;
        this.process = process;
        this.httpPort = httpPort;
        this.password = password;
    }

    public static ClickHouseServer start() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y clickhouse-server (.ci/run does)");
        }
        Path dir = Path.of("target", "clickhouse-" + UUID.randomUUID()).toAbsolutePath();
        String password = "ch-" + UUID.randomUUID();
        int httpPort = TestProcesses.freeLoopbackPort();
        int tcpPort = TestProcesses.freeLoopbackPort();
        Process process;
        try {
            Files.createDirectories(dir.resolve("log"));
            Files.writeString(dir.resolve("config.xml"), config(dir, httpPort, tcpPort));
            Files.writeString(dir.resolve("users.xml"), users(password));
            process = new ProcessBuilder(BINARY.toString(), "--config-file=" + dir.resolve("config.xml"))
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log/stdout.txt").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start clickhouse-server in " + dir, e);
        }
        ClickHouseServer server = new ClickHouseServer(dir, process, httpPort, password);
        server.awaitPing();
        return server;
    }

    public int httpPort() {
        return httpPort;
    }

    public String password() {
        return password;
    }

    /** The URL CI's driver (legacy ru.yandex 0.3.1) needs: without compress=false it cannot read 18.16's answers. */
    public String jdbcUrl() {
        return "jdbc:clickhouse://127.0.0.1:" + httpPort + "/default?compress=false";
    }

    /** A connection through the legacy driver itself (DriverManager could pick the maintained one for the same URL). */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "default");
        props.setProperty("password", password);
        try {
            Driver driver = (Driver) Class.forName("ru.yandex.clickhouse.ClickHouseDriver").getDeclaredConstructor().newInstance();
            return driver.connect(jdbcUrl(), props);
        } catch (ReflectiveOperationException e) {
            throw new SQLException(e);
        }
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

    /** SyncMaster's connection.data merged with basic auth for this server (transfer-semantics §2.3). */
    public ObjectNode merged() {
        ObjectNode merged = new ObjectMapper().createObjectNode();
        merged.put("host", "127.0.0.1");
        merged.put("port", httpPort);
        merged.putNull("database_name");
        merged.putObject("additional_params");
        merged.put("user", "default");
        merged.put("password", password);
        return merged;
    }

    @Override
    public void close() {
        TestProcesses.stop(process, 20);
        TestProcesses.deleteTree(dir);
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clickhouse-server exited with " + process.exitValue() + "; see " + dir.resolve("log"));
            }
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/ping").toURL().openConnection();
                http.setConnectTimeout(500);
                http.setReadTimeout(500);
                if (http.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!TestProcesses.pause(100)) {
                break;
            }
        }
        close();
        throw new IllegalStateException("clickhouse-server did not answer /ping within 30 s");
    }

    private static String config(Path dir, int httpPort, int tcpPort) {
        return """
                <?xml version="1.0"?>
                <yandex>
                  <logger><level>warning</level><log>%1$s/log/server.log</log><errorlog>%1$s/log/error.log</errorlog></logger>
                  <listen_host>127.0.0.1</listen_host>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/tmp/</tmp_path>
                  <user_files_path>%1$s/user_files/</user_files_path>
                  <format_schema_path>%1$s/format_schemas/</format_schema_path>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <timezone>UTC</timezone>
                  <mark_cache_size>5368709</mark_cache_size>
                  <max_concurrent_queries>20</max_concurrent_queries>
                </yandex>
                """.formatted(dir, httpPort, tcpPort);
    }

    private static String users(String password) {
        String escaped = password.replace("&", "&amp;").replace("<", "&lt;");
        return """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default></default></profiles>
                  <users>
                    <default>
                      <password>%s</password>
                      <networks><ip>127.0.0.1</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </default>
                  </users>
                  <quotas><default></default></quotas>
                </yandex>
                """.formatted(escaped);
    }
}
