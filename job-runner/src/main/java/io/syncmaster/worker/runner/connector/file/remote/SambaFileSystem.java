package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msdtyp.FileTime;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileAllInformation;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskEntry;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import com.hierynomus.smbj.share.Share;

import io.syncmaster.worker.runner.failure.FailureSide;

/**
 * Samba / Windows shares through smbj: SMB 2 and 3 over direct TCP, NTLMv2 with the connection's domain, signing
 * when the server requires it (upstream's {@code sign_options=2}). Remote paths are relative to the share.
 *
 * <p>Not supported, and refused with a clear message instead of failing later: {@code protocol=NetBIOS} (SMB over the
 * NetBIOS session service, port 139; smbj has no NetBIOS transport) and {@code auth_type=NTLMv1} (smbj speaks
 * NTLMv2 only; Samba refuses NTLMv1 by default since 4.5 as well).
 */
final class SambaFileSystem extends RemoteFileSystemBase {
    private static final long TIMEOUT_SECONDS = 60;

    private final SMBClient client;
    private final Connection connection;
    private final Session session;
    private final DiskShare share;

    private SambaFileSystem(SMBClient client, Connection connection, Session session, DiskShare share,
            RemoteFailures failures) {
        super(failures);
        this.client = client;
        this.connection = connection;
        this.session = session;
        this.share = share;
    }

    static SambaFileSystem connect(SambaConfig config, FailureSide side) {
        String where = "smb://" + config.host() + ":" + config.port() + "/" + config.share();
        RemoteFailures failures = new RemoteFailures(side, where, config.credentials());
        if (!"SMB".equals(config.protocol())) {
            throw failures.fail("protocol " + config.protocol() + " is not supported yet (SMB 2/3 over direct TCP"
                    + " only); set the connection's protocol to SMB");
        }
        if (!"NTLMv2".equals(config.authType())) {
            throw failures.fail("auth_type " + config.authType() + " is not supported (NTLMv2 only)");
        }
        SMBClient client = new SMBClient(SmbConfig.builder()
                .withTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .withSoTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .withSigningRequired(false)
                .withDfsEnabled(false)
                .build());
        Connection connection = null;
        try {
            connection = client.connect(config.host(), config.port());
            Session session;
            try {
                session = connection.authenticate(new AuthenticationContext(config.credentials().user(),
                        config.credentials().password().toCharArray(), config.domain()));
            } catch (SMBApiException e) {
                if (e.getStatus() == NtStatus.STATUS_LOGON_FAILURE || e.getStatus() == NtStatus.STATUS_ACCESS_DENIED) {
                    throw failures.authenticationFailed(config.credentials(), e);
                }
                throw e;
            }
            Share share = session.connectShare(config.share());
            if (!(share instanceof DiskShare disk)) {
                share.close();
                throw failures.fail("share '" + config.share() + "' is not a disk share");
            }
            return new SambaFileSystem(client, connection, session, disk, failures);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            client.close();
            if (e instanceof SMBApiException api && api.getStatus() == NtStatus.STATUS_BAD_NETWORK_NAME) {
                throw failures.fail("share '" + config.share() + "' does not exist", e);
            }
            throw failures.fail("cannot connect", e);
        }
    }

    @Override
    public List<RemoteFile> list(String directory) {
        String dir = requireDirectory(directory);
        List<RemoteFile> result = new ArrayList<>();
        try {
            for (FileIdBothDirectoryInformation entry : share.list(smbPath(dir))) {
                String name = entry.getFileName();
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                boolean isDirectory = (entry.getFileAttributes()
                        & FileAttributes.FILE_ATTRIBUTE_DIRECTORY.getValue()) != 0;
                result.add(new RemoteFile(RemotePaths.join(dir, name), isDirectory ? 0 : entry.getEndOfFile(),
                        instant(entry.getLastWriteTime()), isDirectory));
            }
        } catch (SMBApiException e) {
            throw failures.fail("cannot list " + dir, e);
        }
        return result;
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        String normalized = RemotePaths.normalize(path);
        try {
            FileAllInformation info = share.getFileInformation(smbPath(normalized));
            boolean isDirectory = info.getStandardInformation().isDirectory();
            return Optional.of(new RemoteFile(normalized, isDirectory ? 0 : info.getStandardInformation().getEndOfFile(),
                    instant(info.getBasicInformation().getLastWriteTime()), isDirectory));
        } catch (SMBApiException e) {
            if (e.getStatus() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
                    || e.getStatus() == NtStatus.STATUS_OBJECT_PATH_NOT_FOUND) {
                return Optional.empty();
            }
            throw failures.fail("cannot stat " + normalized, e);
        }
    }

    @Override
    public void download(String path, OutputStream target) {
        try (File file = share.openFile(smbPath(path), EnumSet.of(AccessMask.GENERIC_READ), null,
                SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
                InputStream in = file.getInputStream()) {
            Streams.copy(in, target);
        } catch (IOException | RuntimeException e) {
            throw failures.fail("cannot download " + path, e);
        }
    }

    @Override
    public void upload(InputStream content, long length, String path) {
        try (File file = share.openFile(smbPath(path), EnumSet.of(AccessMask.GENERIC_WRITE),
                EnumSet.of(FileAttributes.FILE_ATTRIBUTE_NORMAL), EnumSet.noneOf(SMB2ShareAccess.class),
                SMB2CreateDisposition.FILE_OVERWRITE_IF, null);
                OutputStream out = file.getOutputStream()) {
            Streams.copy(content, out);
        } catch (IOException | RuntimeException e) {
            throw failures.fail("cannot upload " + path, e);
        }
    }

    @Override
    public void rename(String from, String to) {
        try (DiskEntry entry = share.open(smbPath(from), EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ), null,
                SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
            entry.rename(smbPath(to), false);
        } catch (RuntimeException e) {
            throw failures.fail("cannot rename " + from + " to " + to, e);
        }
    }

    @Override
    public void delete(String path) {
        String normalized = RemotePaths.normalize(path);
        RemoteFile entry = stat(normalized).orElseThrow(() -> failures.fail("cannot delete " + normalized
                + ": it does not exist"));
        try {
            if (entry.directory()) {
                share.rmdir(smbPath(normalized), false);
            } else {
                share.rm(smbPath(normalized));
            }
        } catch (SMBApiException e) {
            throw failures.fail("cannot delete " + normalized, e);
        }
    }

    @Override
    protected void makeDirectory(String directory) {
        try {
            share.mkdir(smbPath(directory));
        } catch (SMBApiException e) {
            throw failures.fail("cannot create directory " + directory, e);
        }
    }

    @Override
    public void close() {
        try {
            share.close();
            session.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        closeQuietly(connection);
        client.close();
    }

    /** "/a/b" → "a\b": smbj paths are relative to the share, backslash-separated; "" is the share's root. */
    private static String smbPath(String path) {
        return String.join("\\", RemotePaths.segments(path));
    }

    private static Instant instant(FileTime time) {
        return time == null ? Instant.EPOCH : Instant.ofEpochMilli(time.toEpochMillis());
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing left to do
            }
        }
    }
}
