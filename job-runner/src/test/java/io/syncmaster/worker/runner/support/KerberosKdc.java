package io.syncmaster.worker.runner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private MIT Kerberos KDC (Debian {@code krb5-kdc}; {@code .ci/run} installs it) for one test class: realm
 * {@value #REALM}, database, config and a free TCP port under target/, one user principal with a random password,
 * stopped and deleted by {@link #close()}. {@link #krb5Conf()} is the client configuration to give the JVM.
 */
public final class KerberosKdc implements AutoCloseable {
    public static final String REALM = "SYNCM.TEST";

    private final Path dir;
    private final Process process;
    private final String user;
    private final String password;

    private KerberosKdc(Path dir, Process process, String user, String password) {
        this.dir = dir;
        this.process = process;
        this.user = user;
        this.password = password;
    }

    public static KerberosKdc start(String user) {
        for (String binary : List.of("/usr/sbin/krb5kdc", "/usr/sbin/kdb5_util", "/usr/sbin/kadmin.local")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: apt-get install -y krb5-kdc krb5-admin-server (.ci/run does)");
            }
        }
        Path dir = Path.of("target", "kdc-" + UUID.randomUUID()).toAbsolutePath();
        String password = "pw-" + UUID.randomUUID();
        int port = TestProcesses.freeLoopbackPort();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kdc.conf"), """
                    [kdcdefaults]
                     kdc_ports = %2$d
                     kdc_tcp_ports = %2$d
                    [realms]
                     %3$s = {
                      database_name = %1$s/principal
                      key_stash_file = %1$s/stash
                      acl_file = %1$s/kadm5.acl
                      supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                      max_life = 1h
                     }
                    """.formatted(dir, port, REALM));
            Files.writeString(dir.resolve("krb5.conf"), """
                    [libdefaults]
                     default_realm = %2$s
                     dns_lookup_kdc = false
                     dns_lookup_realm = false
                     udp_preference_limit = 1
                    [realms]
                     %2$s = {
                      kdc = 127.0.0.1:%1$d
                     }
                    """.formatted(port, REALM));
            run(dir, "/usr/sbin/kdb5_util", "create", "-r", REALM, "-s", "-P", "master-" + UUID.randomUUID());
            run(dir, "/usr/sbin/kadmin.local", "-r", REALM, "-q", "addprinc -pw " + password + " " + user);
            ProcessBuilder kdc = new ProcessBuilder("/usr/sbin/krb5kdc", "-n", "-r", REALM).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("kdc.log").toFile());
            environment(kdc, dir);
            KerberosKdc server = new KerberosKdc(dir, kdc.start(), user, password);
            server.awaitPort(port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        TestProcesses.stop(process, 10);
        TestProcesses.deleteTree(dir);
    }

    private static void environment(ProcessBuilder builder, Path dir) {
        builder.environment().put("KRB5_CONFIG", dir.resolve("krb5.conf").toString());
        builder.environment().put("KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
    }

    private static void run(Path dir, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("setup.log").toFile()));
        environment(builder, dir);
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed; see " + dir.resolve("setup.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitPort(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("krb5kdc exited; see " + dir.resolve("kdc.log"));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!TestProcesses.pause(100)) {
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("krb5kdc did not listen on " + port + " within 20 s");
    }
}
