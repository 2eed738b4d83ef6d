package io.syncmaster.worker.runner.connector.file.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The file operations a staged transfer needs from SFTP, FTP, FTPS, WebDAV and Samba (transfer-semantics §5.3–5.4):
 * Spark cannot read these protocols soundly, so files are listed and downloaded into a local staging directory, or
 * uploaded from one. One open instance is one authenticated session; it is not thread-safe.
 *
 * <p>Paths are absolute and '/'-separated ({@link RemotePaths}). Every failure is a
 * {@link io.syncmaster.worker.runner.failure.RunFailure} of the side this file system serves, whose message names
 * the server and the path and never contains the password. Data is streamed with bounded buffers.
 */
public interface RemoteFileSystem extends Closeable {
    /** {@code protocol://host:port[/share]} for messages; no user name, no password. */
    String describe();

    /**
     * The direct children of {@code directory} (never "." or "..", never the directory itself).
     * A missing directory, or a path that is a file, fails the run.
     */
    List<RemoteFile> list(String directory);

    /** The entry at {@code path}, empty when nothing exists there. */
    Optional<RemoteFile> stat(String path);

    default boolean exists(String path) {
        return stat(path).isPresent();
    }

    /** Writes the content of the remote file {@code path} to {@code target} (not closed). */
    void download(String path, OutputStream target);

    /**
     * Stores {@code content} ({@code length} bytes, -1 when unknown) as the remote file {@code path}, replacing a
     * file already there. A failure may leave a partial file behind: callers upload under a temporary name.
     */
    void upload(InputStream content, long length, String path);

    /** Renames a file; {@code to} must not exist (servers differ on overwriting, so this is never relied on). */
    void rename(String from, String to);

    /** Deletes a file or an empty directory. */
    void delete(String path);

    /** Creates {@code directory} and its missing parents; an existing directory is fine. */
    void mkdirs(String directory);

    /** Ends the session; never throws. */
    @Override
    void close();

    /**
     * Every file (not directory) below {@code directory}, depth first, in listing order. Temporary upload
     * directories of running transfers ({@link StagingNames#PREFIX}) are skipped: their files are not complete.
     */
    default List<RemoteFile> listFilesRecursively(String directory) {
        List<RemoteFile> files = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.push(directory);
        while (!pending.isEmpty()) {
            List<RemoteFile> children = list(pending.pop());
            for (int i = children.size() - 1; i >= 0; i--) {
                if (children.get(i).directory() && !children.get(i).name().startsWith(StagingNames.PREFIX)) {
                    pending.push(children.get(i).path());
                }
            }
            children.stream().filter(f -> !f.directory()).forEach(files::add);
        }
        return files;
    }

    /** Deletes {@code path} and, when it is a directory, everything below it; a missing path is fine. */
    default void deleteRecursively(String path) {
        Optional<RemoteFile> entry = stat(path);
        if (entry.isEmpty()) {
            return;
        }
        if (entry.get().directory()) {
            for (RemoteFile child : list(path)) {
                deleteRecursively(child.path());
            }
        }
        delete(path);
    }

    /** Downloads {@code path} into {@code localFile} (created or replaced). */
    default void download(String path, Path localFile) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(localFile), Streams.BUFFER_SIZE)) {
            download(path, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write local file " + localFile, e);
        }
    }

    /** Uploads the local file {@code localFile} as {@code path}. */
    default void upload(Path localFile, String path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(localFile), Streams.BUFFER_SIZE)) {
            upload(in, Files.size(localFile), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read local file " + localFile, e);
        }
    }
}
