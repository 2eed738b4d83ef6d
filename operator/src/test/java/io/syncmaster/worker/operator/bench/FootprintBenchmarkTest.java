package io.syncmaster.worker.operator.bench;

import static org.awaitility.Awaitility.await;

import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.testing.FakeJobController.PodBehavior;
import io.syncmaster.worker.operator.testing.OperatorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Operator footprint (design §7: &lt; 300 MB RSS with 1,000 TransferRuns): the production entry point
 * ({@code Main operator}) runs as a child JVM with default JVM options against the mock API server, real RabbitMQ and
 * PostgreSQL; 1,000 runs are dispatched and kept Running; the child's VmRSS is sampled. Not a test:
 * {@code mvn -pl operator test -Pbenchmark -Dtest=FootprintBenchmarkTest}.
 */
@Tag("benchmark")
class FootprintBenchmarkTest {
    private static final int RUNS = Integer.getInteger("benchmark.runs", 1000);
    /** The operator image's JVM flags (docker/Dockerfile.operator) in the chart's default 512 Mi memory limit. */
    private static final String JVM_ARGS = System.getProperty("benchmark.jvmArgs",
            "-XX:MaxRAM=512m -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError");

    @Test
    void rssWithAThousandTransferRuns() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(job -> PodBehavior.runForever())) {
            h.stopOperator();
            String slug = h.uniqueSlug("footprint");
            h.createQueue("footprint", slug, null, null);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(JVM_ARGS.trim().split("\\s+")));
            command.addAll(List.of(
                    "-Dkubernetes.master=" + h.kubernetes().url(), "-Dkubernetes.auth.tryKubeConfig=false",
                    "-Dkubernetes.auth.tryServiceAccount=false", "-Dkubernetes.namespace=" + OperatorHarness.NAMESPACE,
                    "-cp", System.getProperty("java.class.path"), "io.syncmaster.worker.cli.Main", "operator"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "footprint-operator.log").toFile());
            Map<String, String> env = pb.environment();
            env.putAll(h.environment());
            env.put("SYNCMASTER__OPERATOR__METRICS_PORT", "0");
            env.put("SYNCMASTER_LOG_LEVEL", "WARN");
            Process operator = pb.start();
            try {
                List<Long> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    runs.add(h.newRun());
                }
                long start = System.nanoTime();
                for (long runId : runs) {
                    h.publisher().sendRun(slug, runId, null);
                }
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                        h.client().batch().v1().jobs().inNamespace(OperatorHarness.NAMESPACE).list().getItems().size() == RUNS);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.gc();
                Thread.sleep(10_000); // let the operator settle with every run Running
                long transferRuns = h.client().resources(TransferRun.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems().size();
                System.out.printf("FOOTPRINT BENCHMARK jvm=[%s] transferRuns=%d dispatched in %.1fs; operator alive=%s VmRSS=%s VmHWM=%s%n",
                        JVM_ARGS, transferRuns, seconds, operator.isAlive(), status(operator, "VmRSS"), status(operator, "VmHWM"));
            } finally {
                operator.destroy();
                operator.waitFor();
            }
        }
    }

    private static String status(Process process, String field) throws Exception {
        return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                .filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).trim()).findFirst().orElse("?");
    }
}
