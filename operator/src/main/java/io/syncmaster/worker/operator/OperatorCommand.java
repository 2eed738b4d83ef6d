package io.syncmaster.worker.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncmaster.worker.cli.BuildVersion;
import io.syncmaster.worker.cli.Subcommand;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.health.OperatorHttpServer;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code syncmaster-worker operator}: runs the Kubernetes operator until SIGTERM. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Run the Kubernetes operator (SyncWorkerQueue -> TransferRun -> Job -> run row).")
public final class OperatorCommand implements Subcommand {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.load();
        // Fail fast, naming the key, before touching Kubernetes.
        settings.database();
        settings.broker();
        settings.worker();
        OperatorSettings operatorSettings = OperatorSettings.from(settings, System.getenv());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KubernetesClient client = new KubernetesClientBuilder().build();
        SyncMasterOperator operator = SyncMasterOperator.start(settings, operatorSettings, client, new RunMetrics(registry),
                Clock.systemUTC());
        OperatorHttpServer http = operatorSettings.metricsPort() == 0 ? null
                : new OperatorHttpServer(operatorSettings.metricsPort(), registry, operator.livenessChecks(), operator.readinessChecks());
        LOG.info("syncmaster-worker operator {} started in namespace {}", BuildVersion.get(), operatorSettings.namespace());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping: closing consumers, then controllers");
            operator.close();
            if (http != null) {
                http.close();
            }
            client.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
