package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Bounded-buffer copying: files are streamed, never held in memory. */
final class Streams {
    static final int BUFFER_SIZE = 64 * 1024;

    private Streams() {
    }

    static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
