package io.syncmaster.worker.runner.connector.file.remote;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;

/** Opens the {@link RemoteFileSystem} of a staged connection type (sftp, ftp, ftps, webdav, samba). */
public final class RemoteFileSystems {
    private RemoteFileSystems() {
    }

    /** Parses {@code merged} (§2.4) and connects; fails the run with a message naming the field or the server. */
    public static RemoteFileSystem open(String type, JsonNode merged, VerificationSettings verification,
            FailureSide side) {
        return open(RemoteConnectionConfigs.parse(type, merged, side), verification, side);
    }

    /** Connects and authenticates; the returned session must be closed. */
    public static RemoteFileSystem open(RemoteConnectionConfig config, VerificationSettings verification,
            FailureSide side) {
        if (config instanceof SftpConfig sftp) {
            return SftpFileSystem.connect(sftp, verification, side);
        }
        if (config instanceof FtpConfig ftp) {
            return FtpFileSystem.connect(ftp, side);
        }
        if (config instanceof FtpsConfig ftps) {
            return FtpFileSystem.connect(ftps, verification, side);
        }
        if (config instanceof WebDavConfig webDav) {
            return WebDavFileSystem.connect(webDav, verification, side);
        }
        return SambaFileSystem.connect((SambaConfig) config, side);
    }
}
