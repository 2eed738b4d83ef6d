package io.syncmaster.worker.runner.connector.file.remote;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

import io.syncmaster.worker.runner.failure.FailureSide;

/**
 * SFTP through JSch (the maintained mwiede fork, 0.7 MB): password authentication, no compression (upstream sets
 * {@code compress=False} to avoid compressing compressed files twice), 10 s connect timeout as upstream.
 * Host keys are not checked unless {@link VerificationSettings#verifyHostKeys()} is on; then only keys listed in the
 * known_hosts file are accepted.
 */
final class SftpFileSystem extends RemoteFileSystemBase {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Session session;
    private ChannelSftp sftp;

    private SftpFileSystem(Session session, ChannelSftp sftp, RemoteFailures failures) {
        super(failures);
        this.session = session;
        this.sftp = sftp;
    }

    static SftpFileSystem connect(SftpConfig config, VerificationSettings verification, FailureSide side) {
        String where = "sftp://" + config.host() + ":" + config.port();
        RemoteFailures failures = new RemoteFailures(side, where, config.credentials());
        JSch jsch = new JSch();
        Session session = null;
        try {
            if (verification.verifyHostKeys()) {
                if (!Files.isReadable(verification.knownHostsFile())) {
                    throw failures.fail("host-key verification is on but the known_hosts file "
                            + verification.knownHostsFile() + " cannot be read");
                }
                jsch.setKnownHosts(verification.knownHostsFile().toString());
            }
            session = jsch.getSession(config.credentials().user(), config.host(), config.port());
            session.setPassword(config.credentials().password());
            session.setConfig("StrictHostKeyChecking", verification.verifyHostKeys() ? "yes" : "no");
            session.setConfig("PreferredAuthentications", "password,keyboard-interactive");
            session.setConfig("compression.s2c", "none");
            session.setConfig("compression.c2s", "none");
            session.setTimeout(TIMEOUT_MILLIS);
            session.connect(TIMEOUT_MILLIS);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(TIMEOUT_MILLIS);
            return new SftpFileSystem(session, channel, failures);
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            if (String.valueOf(e.getMessage()).startsWith("Auth ")) { // "Auth fail", "Auth cancel"
                throw failures.authenticationFailed(config.credentials(), e);
            }
            if (String.valueOf(e.getMessage()).contains("HostKey")) {
                throw failures.fail("the server's host key is not in " + verification.knownHostsFile()
                        + " (host-key verification is on)", e);
            }
            throw failures.fail("cannot connect", e);
        }
    }

    @Override
    public List<RemoteFile> list(String directory) {
        String dir = requireDirectory(directory);
        List<RemoteFile> result = new ArrayList<>();
        try {
            for (Object entry : sftp.ls(dir)) {
                ChannelSftp.LsEntry ls = (ChannelSftp.LsEntry) entry;
                if (!ls.getFilename().equals(".") && !ls.getFilename().equals("..")) {
                    result.add(toRemoteFile(RemotePaths.join(dir, ls.getFilename()), ls.getAttrs()));
                }
            }
        } catch (SftpException e) {
            throw failures.fail("cannot list " + dir, e);
        }
        return result;
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        String normalized = RemotePaths.normalize(path);
        try {
            return Optional.of(toRemoteFile(normalized, sftp.stat(normalized)));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw failures.fail("cannot stat " + normalized, e);
        }
    }

    @Override
    public void download(String path, OutputStream target) {
        try {
            sftp.get(RemotePaths.normalize(path), target);
        } catch (SftpException e) {
            reopenChannel();
            throw failures.fail("cannot download " + path, e);
        }
    }

    @Override
    public void upload(InputStream content, long length, String path) {
        try {
            sftp.put(content, RemotePaths.normalize(path), ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            reopenChannel();
            throw failures.fail("cannot upload " + path, e);
        }
    }

    /**
     * A transfer that broke off leaves replies to its pipelined writes or reads unread on the channel, and JSch
     * would hand them to the next request; a fresh channel on the same session starts clean.
     */
    private void reopenChannel() {
        sftp.disconnect();
        try {
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(TIMEOUT_MILLIS);
            sftp = channel;
        } catch (JSchException e) {
            // the session is gone too; the next call fails with its own message
        }
    }

    @Override
    public void rename(String from, String to) {
        try {
            sftp.rename(RemotePaths.normalize(from), RemotePaths.normalize(to));
        } catch (SftpException e) {
            throw failures.fail("cannot rename " + from + " to " + to, e);
        }
    }

    @Override
    public void delete(String path) {
        String normalized = RemotePaths.normalize(path);
        try {
            if (sftp.stat(normalized).isDir()) {
                sftp.rmdir(normalized);
            } else {
                sftp.rm(normalized);
            }
        } catch (SftpException e) {
            throw failures.fail("cannot delete " + normalized, e);
        }
    }

    @Override
    protected void makeDirectory(String directory) {
        try {
            sftp.mkdir(directory);
        } catch (SftpException e) {
            throw failures.fail("cannot create directory " + directory, e);
        }
    }

    @Override
    public void close() {
        sftp.disconnect();
        session.disconnect();
    }

    private static RemoteFile toRemoteFile(String path, SftpATTRS attrs) {
        return new RemoteFile(path, attrs.isDir() ? 0 : attrs.getSize(),
                Instant.ofEpochSecond(Integer.toUnsignedLong(attrs.getMTime())), attrs.isDir());
    }
}
