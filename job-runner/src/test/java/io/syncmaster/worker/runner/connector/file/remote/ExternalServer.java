package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Debian server binary (vsftpd, smbd) started by a test with a private configuration, on a free high port, and
 * stopped by the test. A missing binary fails the test with the package to install; nothing is skipped.
 */
final class ExternalServer implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ExternalServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Fails unless {@code binary} exists; .ci/run installs the package. */
    static Path requireBinary(String binary, String debianPackage) {
        Path path = Path.of(binary);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(binary + " is missing: install the Debian package '" + debianPackage
                    + "' (apt-get install -y " + debianPackage + "; .ci/run does this)");
        }
        return path;
    }

    /** Runs {@code command}, waits for it and fails with its output when it does not exit with 0. */
    static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " failed: " + output);
        }
        return output;
    }

    /** A port nobody listens on right now, in 20000-60000 (other sessions test at the same time). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code count} consecutive free ports in a random high range. */
    static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(30_000, 60_000 - count);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException busy) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free range of " + count + " ports found");
    }

    /** Starts {@code command} (output to {@code log}) and waits until 127.0.0.1:{@code port} accepts connections. */
    static ExternalServer start(List<String> command, Path log, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ExternalServer server = new ExternalServer(process, log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": " + server.log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IOException(command.get(0) + " does not listen on port " + port + ": " + server.log());
    }

    /** Stops {@code server}, then removes {@code user} and {@code dir}, each step also when an earlier one failed. */
    static void tearDown(ExternalServer server, LocalUser user, Path dir) throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                if (user != null) {
                    user.close();
                }
            } finally {
                TestFiles.deleteRecursively(dir);
            }
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
