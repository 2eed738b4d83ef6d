package io.syncmaster.worker.runner.connector.file.remote;

/**
 * A staged file connection's settings, parsed and validated from {@code connection.data} merged with the decrypted
 * {@code auth_data} (transfer-semantics §2.4) by {@link RemoteConnectionConfigs}. One record per protocol; none
 * prints its password.
 */
public sealed interface RemoteConnectionConfig
        permits SftpConfig, FtpConfig, FtpsConfig, WebDavConfig, SambaConfig {
    /** SyncMaster's connection type name: sftp, ftp, ftps, webdav or samba. */
    String type();

    String host();

    int port();

    Credentials credentials();
}
