package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.health.OperatorHttpServer;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's Grafana dashboard is valid JSON, shipped (only when enabled) as a ConfigMap the Grafana sidecar picks
 * up, and queries only metrics a live operator exposes: the real operator records into a Prometheus registry served
 * by its HTTP server while one run succeeds and one fails, and every {@code syncmaster_*} name in the dashboard must
 * be a sample name of that {@code /metrics}.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "helm", "syncmaster-worker", "dashboards", "syncmaster-worker.json");
    private static final Pattern METRIC = Pattern.compile("syncmaster_[a-z_]+");

    @Test
    void theChartShipsTheDashboardOnlyWhenEnabled() throws Exception {
        assertThat(HelmChart.render().ofKind("ConfigMap")).noneMatch(c -> c.path("metadata").path("name").asText().endsWith("-dashboard"));
        List<ConfigMap> maps = HelmChart.render("grafana:\n  dashboard:\n    enabled: true\n").ofKind("ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().endsWith("-dashboard")).map(c -> RenderedChart.as(c, ConfigMap.class))
                .toList();
        assertThat(maps).singleElement().satisfies(c -> {
            assertThat(c.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            assertThat(new ObjectMapper().readTree(c.getData().get("syncmaster-worker.json")))
                    .isEqualTo(new ObjectMapper().readTree(DASHBOARD.toFile()));
        });
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposedByALiveOperator() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        Matcher m = METRIC.matcher(dashboard.path("templating").toString());
        while (m.find()) {
            queried.add(m.group());
        }
        assertThat(titles).hasSize(6);
        assertThat(queried).contains("syncmaster_run_duration_seconds_bucket", "syncmaster_run_failures_total");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicLong failing = new AtomicLong(-1);
        try (OperatorHarness h = OperatorHarness.start(job -> job.getMetadata().getName().endsWith("-" + failing.get())
                        ? PodBehavior.failAfter(100, "boom") : PodBehavior.succeedAfter(100), Map.of(), new RunMetrics(registry));
                OperatorHttpServer server = new OperatorHttpServer(0, registry, Map.of(), Map.of())) {
            String slug = h.uniqueSlug("etl");
            h.createQueue("etl", slug, 1, null);
            long ok = h.newRun();
            long bad = h.newRun();
            failing.set(bad);
            h.publisher().sendRun(slug, ok, null);
            h.publisher().sendRun(slug, bad, null);
            for (long runId : List.of(ok, bad)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    TransferRun r = h.transferRun(runId);
                    return r != null && r.getStatus() != null && r.getStatus().phaseOrQueued().isTerminal()
                            && r.getStatus().isTrue(TransferRunStatus.DB_SYNCED);
                });
            }
            assertThat(h.transferRun(bad).getStatus().getPhase()).isEqualTo(RunPhase.FAILED);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Set<String> exposed = new TreeSet<>();
            for (String line : metrics.body().split("\n")) {
                if (!line.startsWith("#")) {
                    Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
                    if (name.find()) {
                        exposed.add(name.group(1));
                    }
                }
            }
            Files.writeString(Path.of("target", "operator-metrics.txt"), metrics.body());
            assertThat(exposed).as("sample names of a live /metrics").containsAll(queried);
        }
    }
}
