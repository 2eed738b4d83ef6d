package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

import io.syncmaster.worker.runner.failure.FailureSide;

/**
 * FTP and explicit FTPS through Commons Net: passive mode (as Python's ftplib, upstream's client), binary type,
 * UTF-8 names. Listings use MLSD when the server offers it; otherwise LIST (hidden files included, so leftover
 * temporary files are found) with MDTM for exact modification times. FTPS runs {@code AUTH TLS}, {@code PBSZ 0},
 * {@code PROT P} and resumes the control session on every data connection ({@link SessionReusingFtpsClient}).
 */
final class FtpFileSystem extends RemoteFileSystemBase {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(120);

    private final FTPClient client;
    private final boolean machineListings;

    private FtpFileSystem(FTPClient client, RemoteFailures failures, boolean machineListings) {
        super(failures);
        this.client = client;
        this.machineListings = machineListings;
    }

    static FtpFileSystem connect(FtpConfig config, FailureSide side) {
        String where = "ftp://" + config.host() + ":" + config.port();
        return open(new FTPClient(), config, new RemoteFailures(side, where, config.credentials()));
    }

    static FtpFileSystem connect(FtpsConfig config, VerificationSettings verification, FailureSide side) {
        String where = "ftps://" + config.host() + ":" + config.port();
        RemoteFailures failures = new RemoteFailures(side, where, config.credentials());
        SessionReusingFtpsClient client;
        try {
            client = new SessionReusingFtpsClient(TlsTrust.trustManager(verification));
        } catch (IOException e) {
            throw failures.fail("cannot set up TLS", e);
        }
        client.setEndpointCheckingEnabled(verification.verifyCertificates());
        return open(client, config, failures);
    }

    private static FtpFileSystem open(FTPClient client, RemoteConnectionConfig config, RemoteFailures failures) {
        client.setControlEncoding("UTF-8");
        client.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        client.setDefaultTimeout((int) CONTROL_TIMEOUT.toMillis());
        client.setDataTimeout(DATA_TIMEOUT);
        try {
            try {
                client.connect(config.host(), config.port());
            } catch (IOException e) {
                if (client instanceof FTPSClient ftps && TlsTrust.isTlsFailure(e)) {
                    throw failures.fail("TLS handshake failed"
                            + (ftps.isEndpointCheckingEnabled() ? " (certificate verification is on)" : ""), e);
                }
                throw e;
            }
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw failures.fail("server refused the connection: " + reply(client));
            }
            if (!client.login(config.credentials().user(), config.credentials().password())) {
                throw failures.authenticationFailed(config.credentials(), null);
            }
            if (client instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                ftps.execPROT("P");
            }
            client.enterLocalPassiveMode();
            client.setListHiddenFiles(true);
            if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw failures.fail("cannot switch to binary mode: " + reply(client));
            }
            return new FtpFileSystem(client, failures, client.hasFeature("MLST"));
        } catch (IOException | RuntimeException e) {
            disconnect(client);
            throw failures.fail("cannot connect", e);
        }
    }

    @Override
    public List<RemoteFile> list(String directory) {
        String dir = requireDirectory(directory);
        try {
            return entries(dir);
        } catch (IOException e) {
            throw failures.fail("cannot list " + dir, e);
        }
    }

    private List<RemoteFile> entries(String dir) throws IOException {
        FTPFile[] listing = machineListings ? client.mlistDir(dir) : client.listFiles(dir);
        if (listing == null) {
            throw new IOException(reply(client));
        }
        List<RemoteFile> result = new ArrayList<>();
        for (FTPFile entry : listing) {
            String name = entryName(entry);
            if (name != null) {
                result.add(toRemoteFile(RemotePaths.join(dir, name), entry));
            }
        }
        return result;
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        String normalized = RemotePaths.normalize(path);
        if (normalized.equals("/")) {
            return Optional.of(new RemoteFile("/", 0, Instant.EPOCH, true));
        }
        try {
            if (machineListings) {
                FTPFile entry = client.mlistFile(normalized);
                return entry == null ? Optional.empty() : Optional.of(toRemoteFile(normalized, entry));
            }
            // no MLST: find the entry in its parent's LIST (MDTM then only for that one entry)
            String name = RemotePaths.name(normalized);
            FTPFile[] siblings = client.listFiles(RemotePaths.parent(normalized));
            if (siblings != null) {
                for (FTPFile entry : siblings) {
                    if (name.equals(entryName(entry))) {
                        return Optional.of(toRemoteFile(normalized, entry));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw failures.fail("cannot stat " + normalized, e);
        }
    }

    @Override
    public void download(String path, OutputStream target) {
        String normalized = RemotePaths.normalize(path);
        try {
            if (!client.retrieveFile(normalized, target)) {
                throw failures.fail("cannot download " + normalized + ": " + reply(client));
            }
        } catch (IOException e) {
            recoverControlConnection();
            throw failures.fail("cannot download " + normalized, e);
        }
    }

    @Override
    public void upload(InputStream content, long length, String path) {
        String normalized = RemotePaths.normalize(path);
        try {
            if (!client.storeFile(normalized, content)) {
                throw failures.fail("cannot upload " + normalized + ": " + reply(client));
            }
        } catch (IOException e) {
            recoverControlConnection();
            throw failures.fail("cannot upload " + normalized, e);
        }
    }

    /**
     * After a transfer broke off on our side, Commons Net has closed the data socket but not read the server's
     * final reply; read it now so that the next command (deleting the partial file) gets its own reply.
     */
    private void recoverControlConnection() {
        try {
            client.completePendingCommand();
        } catch (IOException | RuntimeException ignored) {
            // the control connection is gone as well; later calls fail with their own message
        }
    }

    @Override
    public void rename(String from, String to) {
        command("rename " + from + " to " + to,
                () -> client.rename(RemotePaths.normalize(from), RemotePaths.normalize(to)));
    }

    @Override
    public void delete(String path) {
        String normalized = RemotePaths.normalize(path);
        RemoteFile entry = stat(normalized).orElseThrow(() -> failures.fail("cannot delete " + normalized
                + ": it does not exist"));
        command("delete " + normalized, () -> entry.directory()
                ? client.removeDirectory(normalized) : client.deleteFile(normalized));
    }

    @Override
    protected void makeDirectory(String directory) {
        command("create directory " + directory, () -> client.makeDirectory(directory));
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.logout();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        disconnect(client);
    }

    private RemoteFile toRemoteFile(String path, FTPFile entry) throws IOException {
        Instant modified = entry.getTimestampInstant();
        if (!machineListings && entry.isFile()) {
            // LIST shows minutes (or only the day for older files); MDTM has seconds
            Instant exact = client.mdtmInstant(path);
            modified = exact != null ? exact : modified;
        }
        return new RemoteFile(path, entry.isDirectory() ? 0 : entry.getSize(),
                modified != null ? modified : Instant.EPOCH, entry.isDirectory());
    }

    private interface FtpCommand {
        boolean run() throws IOException;
    }

    private void command(String what, FtpCommand command) {
        try {
            if (!command.run()) {
                throw failures.fail("cannot " + what + ": " + reply(client));
            }
        } catch (IOException e) {
            throw failures.fail("cannot " + what, e);
        }
    }

    /** The entry's file name; null for an unparsable line, "." and "..". */
    private static String entryName(FTPFile entry) {
        if (entry == null || !entry.isValid() || entry.getName() == null) {
            return null;
        }
        String raw = entry.getName();
        String last = raw.substring(raw.lastIndexOf('/') + 1);
        return last.isEmpty() || last.equals(".") || last.equals("..") ? null : last;
    }

    private static String reply(FTPClient client) {
        String reply = client.getReplyString();
        return reply == null ? "no reply" : reply.trim();
    }

    private static void disconnect(FTPClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
