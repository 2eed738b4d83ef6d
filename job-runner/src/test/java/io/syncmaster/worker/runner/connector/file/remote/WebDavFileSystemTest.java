package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.WebdavServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.syncmaster.worker.runner.failure.FailureSide;

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

        Context context = tomcat.addContext("", docBase.toString());
        // no resource cache: it serves directory listings up to 5 s old, which a WebDAV server must not do
        StandardRoot resources = new StandardRoot(context);
        resources.setCachingAllowed(false);
        context.setResources(resources);
        Wrapper dav = Tomcat.addServlet(context, "dav", new WebdavServlet());
        dav.addInitParameter("readonly", "false");
        dav.addInitParameter("listings", "true");
        context.addServletMappingDecoded("/*", "dav");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("dav");
        SecurityCollection everything = new SecurityCollection();
        everything.addPattern("/*");
        constraint.addCollection(everything);
        context.addConstraint(constraint);
        context.addSecurityRole("dav");
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("BASIC");
        login.setRealmName("dav");
        context.setLoginConfig(login);
        context.getPipeline().addValve(new BasicAuthenticator());
        tomcat.addUser("loader", PASSWORD);
        tomcat.addRole("loader", "dav");
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
