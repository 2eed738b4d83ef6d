package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.support.WebDavShare;

/**
 * {@link WebDavFileSystem} against Tomcat's WebdavServlet in-process (read-write, basic authentication), over http
 * for the contract and over https with a self-signed certificate for certificate verification.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebDavFileSystemTest extends RemoteFileSystemContract {
    private Tomcat tomcat;
    private Path dir;
    private Connector https;

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("webdav-test-");
        Path docBase = Files.createDirectories(dir.resolve("root"));
        ExternalServer.run(List.of("keytool", "-genkeypair", "-alias", "dav", "-keyalg", "RSA", "-keysize", "2048",
                "-storetype", "PKCS12", "-keystore", dir.resolve("server.p12").toString(), "-storepass", "changeit",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2"), null);
        ExternalServer.run(List.of("keytool", "-exportcert", "-rfc", "-alias", "dav", "-keystore",
                dir.resolve("server.p12").toString(), "-storepass", "changeit", "-file",
                dir.resolve("server.pem").toString()), null);

        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        https = new Connector();
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setScheme("https");
        https.setSecure(true);
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig ssl = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.RSA);
        certificate.setCertificateKeystoreFile(dir.resolve("server.p12").toString());
        certificate.setCertificateKeystorePassword("changeit");
        ssl.addCertificate(certificate);
        https.addSslHostConfig(ssl);
        tomcat.getService().addConnector(https);

        WebDavShare.mount(tomcat, docBase, "loader", PASSWORD);
        tomcat.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        TestFiles.deleteRecursively(dir);
    }

    @Override
    RemoteConnectionConfig config(String password) {
        return new WebDavConfig("http", "127.0.0.1", tomcat.getConnector().getLocalPort(),
                new Credentials("loader", password));
    }

    private WebDavConfig httpsConfig() {
        return new WebDavConfig("https", "127.0.0.1", https.getLocalPort(), new Credentials("loader", PASSWORD));
    }

    @Test
    void httpsWithoutVerificationAcceptsTheSelfSignedCertificate() {
        try (RemoteFileSystem fs = RemoteFileSystems.open(httpsConfig(), VerificationSettings.UPSTREAM,
                FailureSide.SOURCE)) {
            assertThat(fs.list("/")).isNotNull();
        }
    }

    @Test
    void aCertificateThatDoesNotVerifyFailsWithVerificationOn() {
        assertUnverifiableCertificateFails(httpsConfig());
    }

    @Test
    void aTrustedCertificateConnectsWithVerificationOnOnlyForItsHostName() {
        assertTrustedCertificateChecksTheHostName(
                new WebDavConfig("https", "localhost", https.getLocalPort(), new Credentials("loader", PASSWORD)),
                httpsConfig(), dir.resolve("server.pem"));
    }
}
