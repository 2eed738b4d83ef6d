package io.syncmaster.worker.runner.connector.file.remote;

/**
 * A {@code samba} connection; paths are relative to {@code share}.
 *
 * @param protocol {@code SMB} (direct TCP, port 445) or {@code NetBIOS} (port 139)
 * @param domain   the NTLM domain, "" for none
 * @param authType {@code NTLMv2} (the default) or {@code NTLMv1}
 */
public record SambaConfig(String host, int port, String share, String protocol, String domain,
        Credentials credentials, String authType) implements RemoteConnectionConfig {
    @Override
    public String type() {
        return "samba";
    }
}
