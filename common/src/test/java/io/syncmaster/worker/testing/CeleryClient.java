package io.syncmaster.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Celery client (Debian's python3-celery under /usr/bin/python3) driven through the test resource
 * {@code queue/celery_send_task.py}, which publishes exactly as the SyncMaster server does.
 */
public final class CeleryClient {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The script extracted from a jar, once per JVM. */
    private static Path extracted;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message to send: a run id, and the HTTP request's correlation id or null (scheduler-like). */
    public record Request(long runId, String correlationId) {
    }

    /** What the client reports having sent: {@code taskId} is {@code AsyncResult.id}. */
    public record SentTask(long runId, String taskId, String correlationId) {
    }

    private CeleryClient() {
    }

    /** True if /usr/bin/python3 can import celery. */
    public static boolean available() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import celery, kombu")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code send_task("run_transfer_task", kwargs={"run_id": N}, queue=queue)} for each request, in order. */
    public static List<SentTask> sendRunTransferTasks(String brokerUrl, String queue, List<Request> requests)
            throws IOException, InterruptedException {
        List<Map<String, Object>> payload = new ArrayList<>();
        for (Request request : requests) {
            Map<String, Object> item = new HashMap<>();
            item.put("run_id", request.runId());
            item.put("correlation_id", request.correlationId());
            payload.add(item);
        }
        Process process = new ProcessBuilder(PYTHON.toString(), script().toString(), brokerUrl, queue,
                JSON.writeValueAsString(payload)).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("celery_send_task.py failed: " + stderr);
        }
        List<SentTask> sent = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                sent.add(new SentTask(node.get("run_id").asLong(), node.get("task_id").asText(),
                        node.get("correlation_id").isNull() ? null : node.get("correlation_id").asText()));
            }
        }
        return sent;
    }

    /**
     * The script as a file: the resource itself when it is one (test-classes), else a copy extracted once from the
     * test-jar this class was loaded from (another module's tests in a reactor build that reached {@code package}).
     */
    private static synchronized Path script() throws IOException {
        URL resource = CeleryClient.class.getResource("/queue/celery_send_task.py");
        if (resource == null) {
            throw new IOException("test resource queue/celery_send_task.py not on the classpath");
        }
        if ("file".equals(resource.getProtocol())) {
            try {
                return Path.of(resource.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
        if (extracted == null || !Files.isRegularFile(extracted)) {
            Path copy = Files.createTempFile("celery_send_task", ".py");
            copy.toFile().deleteOnExit();
            try (InputStream in = resource.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            extracted = copy;
        }
        return extracted;
    }
}
