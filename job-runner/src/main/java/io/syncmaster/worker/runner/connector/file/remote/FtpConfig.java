package io.syncmaster.worker.runner.connector.file.remote;

/** A plain {@code ftp} connection: passive mode, binary transfers, port 21 by default. */
public record FtpConfig(String host, int port, Credentials credentials) implements RemoteConnectionConfig {
    @Override
    public String type() {
        return "ftp";
    }
}
