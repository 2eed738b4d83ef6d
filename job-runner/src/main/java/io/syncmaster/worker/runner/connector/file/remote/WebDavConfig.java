package io.syncmaster.worker.runner.connector.file.remote;

/**
 * A {@code webdav} connection: basic authentication against {@code protocol://host:port}.
 *
 * @param protocol {@code http} or {@code https}
 * @param port     the stored port, or 443 / 80 by protocol when SyncMaster stored null
 */
public record WebDavConfig(String protocol, String host, int port, Credentials credentials)
        implements RemoteConnectionConfig {
    @Override
    public String type() {
        return "webdav";
    }

    /** {@code protocol://host:port}, without a trailing slash. */
    public String baseUrl() {
        return protocol + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
