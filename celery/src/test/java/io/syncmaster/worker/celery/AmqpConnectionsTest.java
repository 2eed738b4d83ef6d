package io.syncmaster.worker.celery;

import io.syncmaster.worker.celery.testing.CeleryMessages;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.config.BrokerAddress;
import io.syncmaster.worker.config.SettingsException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;

import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2;
import static io.syncmaster.worker.celery.testing.CeleryMessages.protocol2Body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AmqpConnectionsTest {

    private static ConnectionFactory factoryFor(String kombuUrl) {
        return AmqpConnections.factoryFor(BrokerAddress.fromKombuUrl(kombuUrl));
    }

    @Test
    void kombuUrlOfTheDocsConnectsToVhostSlashWithoutAutomaticRecovery() throws Exception {
        ConnectionFactory factory = factoryFor("amqp://guest:guest@127.0.0.1:5672//");

        assertThat(factory.getHost()).isEqualTo("127.0.0.1");
        assertThat(factory.getPort()).isEqualTo(5672);
        assertThat(factory.getVirtualHost()).isEqualTo("/");
        assertThat(factory.getUsername()).isEqualTo("guest");
        assertThat(factory.isSSL()).isFalse();
        assertThat(factory.isAutomaticRecoveryEnabled()).isFalse();
        assertThat(factory.isTopologyRecoveryEnabled()).isFalse();
        try (Connection connection = factory.newConnection()) {
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void emptyPathMeansVhostSlashUnlikeTheJavaClientsOwnUriParsing() throws Exception {
        ConnectionFactory factory = factoryFor("amqp://127.0.0.1"); // no user, port or path: kombu's defaults

        assertThat(factory.getVirtualHost()).isEqualTo("/");
        assertThat(factory.getUsername()).isEqualTo("guest");
        try (Connection connection = factory.newConnection()) {
            assertThat(connection.isOpen()).isTrue();
        }
        ConnectionFactory viaSetUri = new ConnectionFactory();
        viaSetUri.setUri("amqp://guest:guest@127.0.0.1:5672/");
        assertThat(viaSetUri.getVirtualHost()).as("the pitfall this class avoids").isEmpty();
    }

    @Test
    void consumerRunsOnAFactoryBuiltFromTheBrokerUrl() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (TestBroker broker = TestBroker.connect()) {
            String slug = broker.newSlug("url");
            try (CeleryQueueConsumer consumer = new CeleryQueueConsumer(factoryFor(TestBroker.KOMBU_URL), slug, 1,
                    delivery -> { }, listener, CeleryQueueConsumerTest.FAST)) {
                consumer.start();
                await().atMost(Duration.ofSeconds(10)).until(consumer::isConnected);
                broker.publish(slug, protocol2("url-task", 4, null), protocol2Body(4));
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.delivered.size() == 1);
            }
        }
    }

    @Test
    void unknownVhostIsReportedByTheConsumer() {
        RecordingListener listener = new RecordingListener();
        try (CeleryQueueConsumer consumer = new CeleryQueueConsumer(
                factoryFor("amqp://guest:guest@127.0.0.1:5672/syncmaster-no-such-vhost"), "9999-test_vhost", 1,
                delivery -> { }, listener, CeleryQueueConsumerTest.FAST)) {
            consumer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !listener.disconnectReasons.isEmpty());
            assertThat(consumer.isConnected()).isFalse();
            assertThat(listener.disconnectReasons.get(0))
                    .isEqualTo("connection closed by the broker: 530 NOT_ALLOWED - vhost syncmaster-no-such-vhost not found");
        }
    }

    @Test
    void amqpsTurnsOnTlsOnPort5671() {
        ConnectionFactory factory = factoryFor("amqps://user:secret@broker.example.com/prod");

        assertThat(factory.isSSL()).isTrue();
        assertThat(factory.getPort()).isEqualTo(5671);
        assertThat(factory.getVirtualHost()).isEqualTo("prod");
        assertThat(factory.getPassword()).isEqualTo("secret");
    }

    @Test
    void heartbeatAndConnectTimeoutQueryOptionsApply() {
        ConnectionFactory factory = factoryFor("amqp://127.0.0.1/?heartbeat=30&connect_timeout=2.5");

        assertThat(factory.getRequestedHeartbeat()).isEqualTo(30);
        assertThat(factory.getConnectionTimeout()).isEqualTo(2500);
        assertThat(factory.getHandshakeTimeout()).isEqualTo(2500);
    }

    @Test
    void caCertificateFileIsTrusted() throws Exception {
        Path pem = Files.createTempFile("ca-", ".pem");
        Files.writeString(pem, pem(anyTrustedCertificate()), StandardCharsets.US_ASCII);

        ConnectionFactory factory = factoryFor("amqps://h.example/?ssl_ca_certs=" + pem);

        assertThat(factory.isSSL()).isTrue();
    }

    @Test
    void unsupportedOrInvalidOptionsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> factoryFor("amqps://h.example/?ssl_certfile=/c.pem&ssl_keyfile=/k.pem"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("broker.url: ")
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> factoryFor("amqps://h.example/?ssl_cert_reqs=CERT_NONE"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("ssl_cert_reqs");
        assertThatThrownBy(() -> factoryFor("amqps://h.example/?ssl_ca_certs=/nonexistent/ca.pem"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("ssl_ca_certs");
        assertThatThrownBy(() -> factoryFor("amqp://user:s3cret@h.example/?heartbeat=often"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("heartbeat")
                .hasMessageNotContaining("s3cret");
    }

    private static Certificate anyTrustedCertificate() throws Exception {
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        KeyStore store = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            if (certificate != null) {
                return certificate;
            }
        }
        throw new IllegalStateException("the JVM trust store is empty");
    }

    private static String pem(Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
