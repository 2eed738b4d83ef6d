package io.syncmaster.worker.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP port: {@code /metrics} (Prometheus text format), {@code /healthz} (liveness) and
 * {@code /readyz} (readiness). Uses the JDK's HTTP server: three tiny endpoints do not justify a web framework.
 */
public final class OperatorHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorHttpServer.class);

    private final HttpServer server;

    /**
     * @param port the port (0 picks a free one, see {@link #port()})
     * @param registry the registry scraped by {@code /metrics}
     * @param liveness checks whose failure means "restart me"
     * @param readiness checks whose failure means "do not count on me yet"
     */
    public OperatorHttpServer(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> liveness,
                              Map<String, HealthCheck> readiness) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-probes");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/healthz", exchange -> probe(exchange, liveness));
        server.createContext("/readyz", exchange -> probe(exchange, readiness));
        server.start();
        LOG.info("Serving /metrics, /healthz and /readyz on port {}", port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, Map<String, HealthCheck> checks) throws IOException {
        Map<String, HealthCheck.Result> results = new LinkedHashMap<>();
        boolean healthy = true;
        for (var e : checks.entrySet()) {
            HealthCheck.Result r;
            try {
                r = e.getValue().check();
            } catch (RuntimeException ex) {
                r = HealthCheck.Result.failing(ex.getClass().getSimpleName());
            }
            results.put(e.getKey(), r);
            healthy &= r.healthy();
        }
        StringBuilder body = new StringBuilder(healthy ? "ok\n" : "failing\n");
        results.forEach((name, r) -> body.append(r.healthy() ? "[+] " : "[-] ").append(name).append(": ").append(r.detail()).append('\n'));
        respond(exchange, healthy ? 200 : 503, "text/plain; charset=utf-8", body.toString());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
