package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link FtpFileSystem} over explicit FTPS against Debian's vsftpd configured as strictly as servers get:
 * TLS required for logins and data, {@code require_ssl_reuse=YES} (a data connection must resume the control
 * connection's TLS session), a self-signed certificate made here, a local user created here and removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FtpsFileSystemTest extends RemoteFileSystemContract {
    private Path dir;
    private LocalUser user;
    private int port;
    private ExternalServer server;

    @BeforeAll
    void startServer() throws Exception {
        Path vsftpd = ExternalServer.requireBinary("/usr/sbin/vsftpd", "vsftpd");
        dir = Files.createTempDirectory("ftps-test-");
        // vsftpd's session process runs as the user and chroots below this directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectories(dir.resolve("root"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ExternalServer.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()), null);
        user = LocalUser.create("rfsftps", root, "/bin/sh"); // vsftpd's PAM stack (pam_shells) wants a real shell
        user.setPassword(PASSWORD);
        port = ExternalServer.freePort();
        int passive = ExternalServer.freePortRange(20);
        Path conf = Files.writeString(dir.resolve("vsftpd.conf"), String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
                "anonymous_enable=NO", "local_enable=YES", "write_enable=YES", "local_umask=022",
                "chroot_local_user=YES", "allow_writeable_chroot=YES", "local_root=" + root,
                "secure_chroot_dir=" + empty, "pam_service_name=vsftpd", "userlist_enable=NO",
                "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_min_port=" + passive,
                "pasv_max_port=" + (passive + 19),
                "ssl_enable=YES", "allow_anon_ssl=NO", "force_local_logins_ssl=YES", "force_local_data_ssl=YES",
                "require_ssl_reuse=YES", "ssl_ciphers=HIGH",
                "rsa_cert_file=" + dir.resolve("cert.pem"), "rsa_private_key_file=" + dir.resolve("key.pem"),
                "xferlog_enable=NO", "vsftpd_log_file=" + dir.resolve("vsftpd.log"), "log_ftp_protocol=YES", ""));
        server = ExternalServer.start(List.of(vsftpd.toString(), conf.toString()), dir.resolve("stdout.log"), port);
    }

    @AfterAll
    void stopServer() throws Exception {
        ExternalServer.tearDown(server, user, dir);
    }

    @Override
    RemoteConnectionConfig config(String password) {
        return new FtpsConfig("127.0.0.1", port, new Credentials(user.name(), password));
    }

    /** The control experiment: this server really rejects data connections that do not resume the TLS session. */
    @Test
    void commonsNetFtpsClientAsItComesIsRejected() throws Exception {
        FTPSClient plain = new FTPSClient(false);
        plain.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        plain.connect("127.0.0.1", port);
        try {
            assertThat(plain.login(user.name(), PASSWORD)).isTrue();
            plain.execPBSZ(0);
            plain.execPROT("P");
            plain.enterLocalPassiveMode();
            String[] names;
            try {
                names = plain.listNames("/");
            } catch (IOException e) {
                names = null;
            }
            assertThat(names).isNull();
            assertThat(plain.getReplyString()).contains("session reuse required");
        } finally {
            plain.disconnect();
        }
    }

    @Test
    void aCertificateThatDoesNotVerifyFailsWithVerificationOn() {
        assertUnverifiableCertificateFails(config(PASSWORD));
    }

    @Test
    void aTrustedCertificateConnectsWithVerificationOnOnlyForItsHostName() {
        assertTrustedCertificateChecksTheHostName(
                new FtpsConfig("localhost", port, new Credentials(user.name(), PASSWORD)), config(PASSWORD),
                dir.resolve("cert.pem"));
    }
}
