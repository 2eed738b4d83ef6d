package io.syncmaster.worker.runner.connector.file.remote;

import java.time.Instant;

/**
 * One entry of a remote directory listing, in the same shape for every staged protocol, so that the metadata filter
 * and the file HWM (name, size, modification time) work the same on SFTP, FTP(S), WebDAV and Samba.
 *
 * @param path       absolute remote path, '/'-separated (relative to the share for Samba)
 * @param size       size in bytes; 0 for a directory
 * @param modifiedAt last modification time as the server reports it (second or better precision)
 * @param directory  whether the entry is a directory
 */
public record RemoteFile(String path, long size, Instant modifiedAt, boolean directory) {
    /** The last path segment. */
    public String name() {
        return RemotePaths.name(path);
    }
}
