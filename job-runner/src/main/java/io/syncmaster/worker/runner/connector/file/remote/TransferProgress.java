package io.syncmaster.worker.runner.connector.file.remote;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how far a staged download or upload has come, "files and bytes done / total": after every file, and every
 * {@value #INTERVAL_MILLIS} ms while a large file streams.
 */
final class TransferProgress {
    private static final Logger LOG = LoggerFactory.getLogger(TransferProgress.class);
    private static final long INTERVAL_MILLIS = 10_000;

    private final String what;
    private final int totalFiles;
    private final long totalBytes;
    private int files;
    private long bytes;
    private long lastLog = System.currentTimeMillis();

    TransferProgress(String what, int totalFiles, long totalBytes) {
        this.what = what;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        LOG.info("{}: {} files, {} to go", what, totalFiles, size(totalBytes));
    }

    void fileDone(String name) {
        files++;
        lastLog = System.currentTimeMillis();
        LOG.info("{}: {}/{} files, {} / {} ({})", what, files, totalFiles, size(bytes), size(totalBytes), name);
    }

    private void advance(long n) {
        bytes += n;
        long now = System.currentTimeMillis();
        if (now - lastLog >= INTERVAL_MILLIS) {
            lastLog = now;
            LOG.info("{}: {}/{} files, {} / {}", what, files, totalFiles, size(bytes), size(totalBytes));
        }
    }

    int files() {
        return files;
    }

    long bytes() {
        return bytes;
    }

    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                advance(1);
            }

            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                out.write(buffer, off, len);
                advance(len);
            }
        };
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
