package io.syncmaster.worker.runner.connector.file.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A real {@link RemoteFileSystem} with one injected fault: the content of the upload whose path ends with
 * {@code failingUpload} breaks off after {@code bytesBeforeFailure} bytes (the real client then sends a partial
 * file to the real server), or the rename whose target ends with {@code failingRename} fails.
 */
final class FaultyFileSystem implements RemoteFileSystem {
    private final RemoteFileSystem real;
    private final String failingUpload;
    private final long bytesBeforeFailure;
    private final String failingRename;

    private FaultyFileSystem(RemoteFileSystem real, String failingUpload, long bytesBeforeFailure,
            String failingRename) {
        this.real = real;
        this.failingUpload = failingUpload;
        this.bytesBeforeFailure = bytesBeforeFailure;
        this.failingRename = failingRename;
    }

    static FaultyFileSystem breakingUpload(RemoteFileSystem real, String pathSuffix, long bytesBeforeFailure) {
        return new FaultyFileSystem(real, pathSuffix, bytesBeforeFailure, null);
    }

    static FaultyFileSystem failingRename(RemoteFileSystem real, String targetSuffix) {
        return new FaultyFileSystem(real, null, 0, targetSuffix);
    }

    @Override
    public void upload(InputStream content, long length, String path) {
        if (failingUpload != null && path.endsWith(failingUpload)) {
            real.upload(new BreakingStream(content, bytesBeforeFailure), length, path);
            throw new AssertionError("the upload of " + path + " should have failed");
        }
        real.upload(content, length, path);
    }

    @Override
    public void rename(String from, String to) {
        if (failingRename != null && to.endsWith(failingRename)) {
            throw new RunFailure(FailureSide.TARGET, "injected rename failure for " + to);
        }
        real.rename(from, to);
    }

    @Override
    public String describe() {
        return real.describe();
    }

    @Override
    public List<RemoteFile> list(String directory) {
        return real.list(directory);
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        return real.stat(path);
    }

    @Override
    public void download(String path, OutputStream target) {
        real.download(path, target);
    }

    @Override
    public void delete(String path) {
        real.delete(path);
    }

    @Override
    public void mkdirs(String directory) {
        real.mkdirs(directory);
    }

    @Override
    public void close() {
        real.close();
    }

    private static final class BreakingStream extends FilterInputStream {
        private long remaining;

        BreakingStream(InputStream in, long bytesBeforeFailure) {
            super(in);
            this.remaining = bytesBeforeFailure;
        }

        @Override
        public int read() throws IOException {
            check(1);
            remaining--;
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            check(len);
            int n = super.read(buffer, off, (int) Math.min(len, remaining));
            remaining -= Math.max(n, 0);
            return n;
        }

        private void check(int wanted) throws IOException {
            if (remaining <= 0 && wanted > 0) {
                throw new IOException("injected failure: the local file became unreadable mid-upload");
            }
        }
    }
}
