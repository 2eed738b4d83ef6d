package io.syncmaster.worker.runner.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A real S3 server for tests: s3proxy (in-memory "transient" backend) in a child JVM on a free port, so its ~150
 * bundled libraries stay off the test class path. Buckets are made with the S3 API (s3proxy does not accept writes
 * into buckets it did not create). Stopped by {@link #close()}.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final int port;
    private final S3Client client;

    private S3Server(Process process, int port) {
        this.process = process;
        this.port = port;
        this.client = S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    public static S3Server start(Path workDirectory) throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property s3proxy.jar must name s3proxy's jar-with-dependencies (set by the pom)");
        }
        Files.createDirectories(workDirectory);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", ACCESS_KEY);
        props.setProperty("s3proxy.credential", SECRET_KEY);
        props.setProperty("jclouds.provider", "transient");
        props.setProperty("jclouds.identity", "unused");
        props.setProperty("jclouds.credential", "unused");
        Path file = workDirectory.resolve("s3proxy.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, null);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", jar, "org.gaul.s3proxy.Main", "--properties",
                file.toString())).redirectErrorStream(true).redirectOutput(workDirectory.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("s3proxy did not start; see " + workDirectory.resolve("s3proxy.log"), e);
                }
                Thread.sleep(100);
            }
        }
        return new S3Server(process, port);
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    public void put(String bucket, String key, byte[] content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    /** The object keys of {@code bucket} below {@code prefix}, sorted. */
    public List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(o -> o.key()).sorted().toList();
    }

    /** SyncMaster's connection.data + auth_data (merged, type removed) for {@code bucket}, path style over http. */
    public ObjectNode connection(String bucket, String accessKey, String secretKey) {
        ObjectNode merged = Plans.JSON.createObjectNode();
        merged.put("host", "127.0.0.1").put("port", port).put("protocol", "http").put("bucket", bucket)
                .put("region", REGION).put("bucket_style", "path").putObject("additional_params");
        merged.put("access_key", accessKey).put("secret_key", secretKey);
        return merged;
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
