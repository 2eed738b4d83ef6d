package io.syncmaster.worker.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Iceberg REST catalog with its warehouse on S3, for one test class: s3proxy (filesystem backend) and Iceberg's
 * own REST catalog test server (the code of the apache/iceberg-rest-fixture image, JDBC catalog on SQLite), each in
 * a child JVM on free loopback ports, with files under target/. Both class paths come from the
 * test-fixtures/iceberg-rest module (the server cannot share the job-runner's: the Spark runtime bundles its own
 * Iceberg classes). {@link #close()} stops both and deletes the files.
 */
public final class IcebergRestCatalog implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-" + UUID.randomUUID();
    public static final String BUCKET = "warehouse";

    private static final Path FIXTURE = Path.of("..", "test-fixtures", "iceberg-rest", "target").toAbsolutePath().normalize();

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final int s3Port;
    private final int restPort;

    private IcebergRestCatalog(Path dir, int s3Port, int restPort) {
        this.dir = dir;
        this.s3Port = s3Port;
        this.restPort = restPort;
    }

    public static IcebergRestCatalog start() {
        Path classpath = FIXTURE.resolve("rest-server.classpath");
        Path s3proxy = FIXTURE.resolve("s3proxy.jar");
        if (!Files.isRegularFile(classpath) || !Files.isRegularFile(s3proxy)) {
            throw new IllegalStateException(FIXTURE + " is not built: mvn -pl job-runner -am test builds test-fixtures/iceberg-rest first");
        }
        Path dir = Path.of("target", "iceberg-" + UUID.randomUUID()).toAbsolutePath();
        IcebergRestCatalog catalog = new IcebergRestCatalog(dir, TestProcesses.freeLoopbackPort(), TestProcesses.freeLoopbackPort());
        try {
            Files.createDirectories(dir.resolve("s3"));
            Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + catalog.s3Port,
                    "s3proxy.authorization=none",
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + dir.resolve("s3"), ""));
            catalog.launch("s3proxy", List.of("-jar", s3proxy.toString(), "--properties", dir.resolve("s3proxy.conf").toString()), Map.of());
            catalog.await("http://127.0.0.1:" + catalog.s3Port + "/", "s3proxy");
            catalog.createBucket();
            catalog.startRestServer(classpath);
        } catch (IOException | RuntimeException e) {
            catalog.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return catalog;
    }

    private void launch(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        processes.add(builder.start());
    }

    private void startRestServer(Path classpath) throws IOException {
        launch("rest", List.of("-cp", Files.readString(classpath).trim(), "org.apache.iceberg.rest.RESTCatalogServer"), Map.of(
                "CATALOG_REST_PORT", Integer.toString(restPort),
                "CATALOG_URI", "jdbc:sqlite:" + dir.resolve("catalog.db"),
                "CATALOG_WAREHOUSE", "s3://" + BUCKET + "/",
                "CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO",
                "CATALOG_S3_ENDPOINT", s3Endpoint(),
                "CATALOG_S3_PATH__STYLE__ACCESS", "true",
                "CATALOG_S3_ACCESS__KEY__ID", ACCESS_KEY,
                "CATALOG_S3_SECRET__ACCESS__KEY", SECRET_KEY,
                "CATALOG_CLIENT_REGION", "us-east-1"));
        await(restUrl() + "v1/config", "the Iceberg REST catalog");
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort + "/";
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** SyncMaster's merged connection for a direct S3 warehouse with a bearer token (transfer-semantics §2.3). */
    public ObjectNode mergedDirectBearer(String token) {
        ObjectNode merged = new ObjectMapper().createObjectNode();
        merged.put("rest_catalog_url", restUrl());
        merged.put("s3_warehouse_path", "/");
        merged.put("s3_host", "127.0.0.1");
        merged.put("s3_port", s3Port);
        merged.put("s3_protocol", "http");
        merged.put("s3_bucket", BUCKET);
        merged.put("s3_region", "us-east-1");
        merged.put("s3_bucket_style", "path");
        merged.putObject("s3_additional_params");
        merged.put("s3_access_key", ACCESS_KEY);
        merged.put("s3_secret_key", SECRET_KEY);
        merged.put("rest_catalog_token", token);
        return merged;
    }

    /** Number of objects under the bucket's directory (data and metadata files landed on S3). */
    public long objectsInBucket() {
        try (Stream<Path> files = Files.walk(dir.resolve("s3").resolve(BUCKET))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private void createBucket() throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create(s3Endpoint() + "/" + BUCKET).toURL().openConnection();
        http.setRequestMethod("PUT");
        http.setDoOutput(true);
        http.getOutputStream().close();
        int code = http.getResponseCode();
        if (code / 100 != 2) {
            throw new IllegalStateException("CreateBucket answered " + code);
        }
    }

    private void await(String url, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + ": a fixture process exited with " + process.exitValue() + "; see " + dir);
                }
            }
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
                http.setConnectTimeout(500);
                http.setReadTimeout(2000);
                if (http.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!TestProcesses.pause(200)) {
                break;
            }
        }
        throw new IllegalStateException(what + " did not answer within 60 s; see " + dir);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        processes.forEach(process -> TestProcesses.stop(process, 10));
        TestProcesses.deleteTree(dir);
    }
}
