package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust manager of FTPS and WebDAV over https: trust everything (upstream's behaviour) unless
 * {@link VerificationSettings#verifyCertificates()} is on; then the JVM's trust store, or the PEM CA file the
 * settings name. Host names are checked by the protocol classes when verification is on.
 */
final class TlsTrust {
    private TlsTrust() {
    }

    static X509TrustManager trustManager(VerificationSettings verification) throws IOException {
        if (!verification.verifyCertificates()) {
            return TrustEverything.INSTANCE;
        }
        try {
            KeyStore store = null;
            if (verification.trustedCertificates() != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(verification.trustedCertificates())) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IOException("no X509 trust manager available");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the trusted certificates " + verification.trustedCertificates(), e);
        }
    }

    /** Whether {@code error} comes from the TLS handshake (certificate, host name, protocol), on JSSE or BC. */
    static boolean isTlsFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof GeneralSecurityException
                    || t.getClass().getName().startsWith("org.bouncycastle.tls.")) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's choice (ssl_verify=False and friends): accept any certificate. */
    private enum TrustEverything implements X509TrustManager {
        INSTANCE;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
