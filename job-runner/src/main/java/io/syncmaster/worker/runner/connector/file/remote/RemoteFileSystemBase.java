package io.syncmaster.worker.runner.connector.file.remote;

import java.util.Optional;

/**
 * What the protocol classes share: the failure messages, "list only an existing directory", and {@code mkdirs}
 * built from a one-level {@link #makeDirectory}.
 */
abstract class RemoteFileSystemBase implements RemoteFileSystem {
    protected final RemoteFailures failures;

    RemoteFileSystemBase(RemoteFailures failures) {
        this.failures = failures;
    }

    @Override
    public String describe() {
        return failures.where();
    }

    /** Creates one directory whose parent exists. */
    protected abstract void makeDirectory(String directory);

    /** {@code directory} normalized; fails the run unless it exists and is a directory. */
    protected String requireDirectory(String directory) {
        String dir = RemotePaths.normalize(directory);
        RemoteFile self = stat(dir).orElseThrow(() -> failures.fail("directory " + dir + " does not exist"));
        if (!self.directory()) {
            throw failures.fail(dir + " is a file, not a directory");
        }
        return dir;
    }

    @Override
    public void mkdirs(String directory) {
        String current = "";
        for (String segment : RemotePaths.segments(directory)) {
            current = current + "/" + segment;
            Optional<RemoteFile> existing = stat(current);
            if (existing.isPresent() && !existing.get().directory()) {
                throw failures.fail("cannot create directory " + directory + ": " + current + " is a file");
            }
            if (existing.isEmpty()) {
                makeDirectory(current);
            }
        }
    }
}
