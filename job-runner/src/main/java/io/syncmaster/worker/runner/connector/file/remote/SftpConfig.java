package io.syncmaster.worker.runner.connector.file.remote;

/** An {@code sftp} connection: password authentication, port 22 by default. */
public record SftpConfig(String host, int port, Credentials credentials) implements RemoteConnectionConfig {
    @Override
    public String type() {
        return "sftp";
    }
}
