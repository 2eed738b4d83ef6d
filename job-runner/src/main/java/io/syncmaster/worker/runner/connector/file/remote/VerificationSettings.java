package io.syncmaster.worker.runner.connector.file.remote;

import java.nio.file.Path;

/**
 * Whether staged protocols verify the server's identity. Upstream SyncMaster checks neither SFTP host keys nor TLS
 * certificates (FTPS, WebDAV over https), so {@link #UPSTREAM} is the default; a deployment turns verification on.
 *
 * @param verifyHostKeys      SFTP: accept only host keys listed in {@code knownHosts}
 * @param knownHosts          an OpenSSH known_hosts file; null means {@code ~/.ssh/known_hosts}
 * @param verifyCertificates  FTPS and WebDAV over https: verify the certificate chain and the host name
 * @param trustedCertificates a PEM file of CA certificates to trust; null means the JVM's default trust store
 */
public record VerificationSettings(boolean verifyHostKeys, Path knownHosts, boolean verifyCertificates,
        Path trustedCertificates) {
    /** Upstream's behaviour: no host-key and no certificate checks. */
    public static final VerificationSettings UPSTREAM = new VerificationSettings(false, null, false, null);

    /** The known_hosts file to read when host keys are verified. */
    public Path knownHostsFile() {
        return knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }
}
