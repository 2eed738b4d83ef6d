package io.syncmaster.worker.runner.connector.file.remote;

/** An {@code ftps} connection: explicit TLS (AUTH TLS on the control port, 21 by default), {@code PROT P}. */
public record FtpsConfig(String host, int port, Credentials credentials) implements RemoteConnectionConfig {
    @Override
    public String type() {
        return "ftps";
    }
}
