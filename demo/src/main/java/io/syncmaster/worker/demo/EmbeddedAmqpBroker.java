package io.syncmaster.worker.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.celery.CeleryTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;

/**
 * An AMQP 0-9-1 broker inside the demo's JVM: Apache Qpid Broker-J with an in-memory configuration and message store,
 * listening on 127.0.0.1 only, one user {@code guest}, virtual host {@code default}. It stands in for RabbitMQ: the
 * worker's RabbitMQ client, Celery's declarations (durable direct exchange, durable queue, binding) and publisher
 * confirms all work against it. Its work files go to the given directory.
 */
final class EmbeddedAmqpBroker implements AutoCloseable {

    /** The broker's virtual host; kombu URL path {@code /default}. */
    static final String VIRTUAL_HOST = "default";

    private final SystemLauncher launcher;
    private final int port;
    private final String password;

    private EmbeddedAmqpBroker(SystemLauncher launcher, int port, String password) {
        this.launcher = launcher;
        this.port = port;
        this.password = password;
    }

    /** Starts the broker on a free port. */
    static EmbeddedAmqpBroker start(Path workDirectory, String password) throws Exception {
        Files.createDirectories(workDirectory);
        int port = freePort();
        Path config = workDirectory.resolve("initial-config.json");
        Files.writeString(config, initialConfig(port, password), StandardCharsets.UTF_8);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", config.toUri().toString());
        attributes.put("startupLoggedToSystemOut", false);
        Map<String, String> context = new HashMap<>();
        context.put("qpid.work_dir", workDirectory.toString());
        context.put("qpid.amqp_port", Integer.toString(port));
        attributes.put("context", context);
        SystemLauncher launcher = new SystemLauncher();
        launcher.startup(attributes);
        return new EmbeddedAmqpBroker(launcher, port, password);
    }

    private static String initialConfig(int port, String password) {
        // A minimal Broker-J configuration: no HTTP management, no file logger, memory node and virtual host.
        return """
                {
                  "name": "syncmaster-demo",
                  "modelVersion": "8.0",
                  "authenticationproviders": [{
                    "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
                    "users": [{"name": "guest", "type": "managed", "password": "%s"}]
                  }],
                  "ports": [{
                    "name": "AMQP", "port": %d, "bindingAddress": "127.0.0.1",
                    "authenticationProvider": "plain", "protocols": ["AMQP_0_9_1"],
                    "virtualhostaliases": [
                      {"name": "nameAlias", "type": "nameAlias"},
                      {"name": "defaultAlias", "type": "defaultAlias"}
                    ]
                  }],
                  "virtualhostnodes": [{
                    "name": "%s", "type": "Memory", "defaultVirtualHostNode": "true",
                    "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
                  }]
                }
                """.formatted(password, port, VIRTUAL_HOST);
    }

    /**
     * Makes Celery's publish reach queue {@code slug} on this broker as it does on RabbitMQ. Celery publishes to the
     * default exchange with routing key {@code slug}, and declares a direct exchange named {@code slug} too. Broker-J
     * resolves a default-exchange address to an exchange of that name before a queue of that name, and then routes
     * with an empty routing key, which RabbitMQ never does. Declaring Celery's topology plus one extra binding
     * ({@code slug} ← exchange {@code slug}, routing key {@code ""}) gives RabbitMQ's result. Demo broker only: nothing
     * in the worker does this against a real RabbitMQ.
     */
    void routeDefaultExchangeLikeRabbitMq(ConnectionFactory factory, String slug) throws Exception {
        try (Connection connection = factory.newConnection("syncmaster-demo setup");
             Channel channel = connection.createChannel()) {
            CeleryTopology.declareTaskQueue(channel, slug);
            channel.queueBind(slug, slug, "");
        }
    }

    /** The kombu URL SyncMaster's settings would hold ({@code broker.url}). */
    String kombuUrl() {
        return "amqp://guest:" + password + "@127.0.0.1:" + port + "/" + VIRTUAL_HOST;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        launcher.shutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the embedded broker", e);
        }
    }
}
