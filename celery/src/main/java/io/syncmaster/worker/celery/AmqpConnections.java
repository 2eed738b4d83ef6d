package io.syncmaster.worker.celery;

import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.config.BrokerAddress;
import io.syncmaster.worker.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds RabbitMQ connection factories from SyncMaster's broker URL as kombu reads it.
 *
 * <p>It exists because the Java client's own URL parsing ({@code ConnectionFactory.setUri}) maps an empty path to
 * vhost {@code ""} where kombu uses {@code /} (contract §4.5), and because consumers must own their reconnects:
 * the client's automatic recovery would race with {@link CeleryQueueConsumer}'s, so it is off.
 *
 * <p>TLS ({@code amqps://}, or {@code ssl}/{@code ssl_*} query keys) verifies the broker's certificate chain and host
 * name, as py-amqp does by default, against the JVM trust store or the PEM file named by {@code ssl_ca_certs}.
 * Query keys applied: {@code heartbeat} (seconds), {@code connect_timeout} (seconds), {@code ssl_ca_certs},
 * {@code ssl_cert_reqs} ({@code CERT_REQUIRED}/{@code CERT_OPTIONAL} only). Client certificates
 * ({@code ssl_certfile}, {@code ssl_keyfile}) and disabling verification ({@code CERT_NONE}) are not supported and
 * are rejected with a clear error rather than silently ignored.
 */
public final class AmqpConnections {

    /** TCP connect and AMQP handshake timeout unless {@code connect_timeout} says otherwise. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    private static final String KEY = "broker.url";
    private static final Set<String> UNSUPPORTED_TLS_OPTIONS = Set.of("ssl_certfile", "ssl_keyfile");

    private AmqpConnections() {
    }

    /**
     * A factory for {@code address}: host, port, vhost, PLAIN credentials, TLS when asked, automatic and topology
     * recovery off.
     *
     * @throws SettingsException naming {@code broker.url} when a query option is invalid or unsupported
     */
    public static ConnectionFactory factoryFor(BrokerAddress address) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(address.host());
        factory.setPort(address.port());
        // never setUri(): it maps an empty path to vhost "" where kombu means "/"
        factory.setVirtualHost(address.virtualHost());
        factory.setUsername(address.username());
        factory.setPassword(address.password());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(DEFAULT_TIMEOUT_MILLIS);
        factory.setHandshakeTimeout(DEFAULT_TIMEOUT_MILLIS);

        Map<String, String> options = address.options();
        String heartbeat = options.get("heartbeat");
        if (heartbeat != null && !heartbeat.isBlank()) {
            factory.setRequestedHeartbeat((int) Math.ceil(seconds(heartbeat, "heartbeat", 0, 65535)));
        }
        String connectTimeout = options.get("connect_timeout");
        if (connectTimeout != null && !connectTimeout.isBlank()) {
            int millis = (int) Math.ceil(seconds(connectTimeout, "connect_timeout", 0.001, 3600) * 1000);
            factory.setConnectionTimeout(millis);
            factory.setHandshakeTimeout(millis);
        }
        if (address.tls()) {
            factory.useSslProtocol(sslContext(options));
            factory.enableHostnameVerification();
        }
        return factory;
    }

    private static double seconds(String text, String option, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(KEY, "query option '" + option + "' must be a number of seconds");
        }
        if (!(value >= min && value <= max)) {
            throw new SettingsException(KEY, "query option '" + option + "' must be between " + min + " and " + max
                    + " seconds");
        }
        return value;
    }

    private static SSLContext sslContext(Map<String, String> options) {
        for (String option : UNSUPPORTED_TLS_OPTIONS) {
            if (options.containsKey(option)) {
                throw new SettingsException(KEY, "query option '" + option
                        + "' (TLS client certificates) is not supported by the Java worker");
            }
        }
        String certReqs = options.get("ssl_cert_reqs");
        if (certReqs != null && !certReqs.isBlank()) {
            String normalised = certReqs.trim().toUpperCase(Locale.ROOT);
            if (!normalised.equals("CERT_REQUIRED") && !normalised.equals("CERT_OPTIONAL")) {
                throw new SettingsException(KEY, "query option 'ssl_cert_reqs' must be CERT_REQUIRED or CERT_OPTIONAL"
                        + " (disabling certificate verification is not supported)");
            }
        }
        String caFile = options.get("ssl_ca_certs");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caFile), null);
            return context;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no TLS implementation", e);
        } catch (GeneralSecurityException e) {
            throw new SettingsException(KEY, "cannot set up TLS: " + e.getClass().getSimpleName());
        }
    }

    private static TrustManager[] trustManagers(String caFile) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null || caFile.isBlank()) {
            factory.init((KeyStore) null); // the JVM's default trust store
            return factory.getTrustManagers();
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trusted.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(Path.of(caFile))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new SettingsException(KEY, "cannot read the CA certificate file named by query option 'ssl_ca_certs' ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (certificates.isEmpty()) {
            throw new SettingsException(KEY, "the file named by query option 'ssl_ca_certs' holds no certificate");
        }
        int index = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + index++, certificate);
        }
        factory.init(trusted);
        return factory.getTrustManagers();
    }
}
