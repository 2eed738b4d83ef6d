package io.syncmaster.worker.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesReflectTheirChecksAndMetricsAreScrapable() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("syncmaster_run_transitions").tag("queue", "etl").register(registry).increment();
        AtomicBoolean brokerUp = new AtomicBoolean(false);
        Map<String, HealthCheck> readiness = new LinkedHashMap<>();
        readiness.put("database", () -> HealthCheck.Result.ok("database reachable"));
        readiness.put("broker", () -> brokerUp.get() ? HealthCheck.Result.ok("connected") : HealthCheck.Result.failing("connecting"));
        try (OperatorHttpServer server = new OperatorHttpServer(0, registry, Map.of("controllers", () -> HealthCheck.Result.ok("started")),
                readiness)) {
            assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server.port(), "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("[+] database: database reachable").contains("[-] broker: connecting");
            brokerUp.set(true);
            assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(server.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("syncmaster_run_transitions_total{queue=\"etl\"} 1.0");
        }
    }

    @Test
    void aThrowingCheckIsReportedAsFailingNotAsAServerError() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OperatorHttpServer server = new OperatorHttpServer(0, registry, Map.of(), Map.of("informers", () -> {
            throw new IllegalStateException("boom");
        }))) {
            HttpResponse<String> r = get(server.port(), "/readyz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("[-] informers: IllegalStateException");
        }
    }
}
