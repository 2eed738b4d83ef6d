package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.apache.commons.net.ftp.FTPSClient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * Explicit FTPS whose data connections resume the control connection's TLS session, as servers that protect data
 * connections from hijacking require (vsftpd {@code require_ssl_reuse=YES}, ProFTPD, FileZilla Server).
 *
 * <p>Commons Net's FTPSClient opens each data connection with a fresh TLS session, and the JDK's JSSE offers no
 * API to resume a given session on a socket to another port (the known workaround reflects into
 * {@code sun.security.ssl} session caches, needs {@code --add-opens} and disabling the extended master secret).
 * BouncyCastle's JSSE provider has that API, {@link BCSSLSocket#setBCSessionToResume}; this client uses that
 * provider for its own SSLContext only, so nothing else in the JVM changes.
 */
final class SessionReusingFtpsClient extends FTPSClient {
    /** BC's own crypto: with the JDK's (JCA) crypto underneath, BC's TLS 1.3 handshake with vsftpd fails. */
    private static final BouncyCastleJsseProvider PROVIDER = new BouncyCastleJsseProvider(new BouncyCastleProvider());

    SessionReusingFtpsClient(TrustManager trustManager) throws IOException {
        super(false, context(trustManager));
        // TLS 1.2: measured against vsftpd 3.0.3 (Debian 12), a TLS 1.3 control connection breaks after PASS
        // (the server answers in clear text), and TLS 1.3 data-connection resumption is a known interoperability
        // problem (curl #4654, cyberduck #18399)
        setEnabledProtocols(new String[] {"TLSv1.2"});
    }

    private static SSLContext context(TrustManager trustManager) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS", PROVIDER);
            // an explicit SecureRandom: without one BC asks for a "DEFAULT" algorithm only its own provider registers
            context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot create the FTPS TLS context", e);
        }
    }

    /** Called by FTPSClient after opening a data socket and before its handshake. */
    @Override
    protected void _prepareDataSocket_(Socket socket) throws IOException {
        if (socket instanceof BCSSLSocket data && _socket_ instanceof BCSSLSocket control) {
            data.setBCSessionToResume(control.getBCSession());
        }
    }
}
