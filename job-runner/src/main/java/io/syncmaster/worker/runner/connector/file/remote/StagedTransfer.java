package io.syncmaster.worker.runner.connector.file.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Moves files between a {@link RemoteFileSystem} and a local {@link StagingDirectory} (transfer-semantics §5.3 and
 * §5.4), streaming each file with bounded buffers and logging progress.
 *
 * <p>Uploads never show a partial result, which improves on upstream (it uploads straight to the final names):
 * every file goes into the run's temporary directory inside the target directory ({@link StagingNames}) and is
 * renamed into place only after all files arrived; a failure removes what this run uploaded or moved, and the next
 * run of the transfer removes temporary directories a killed run left behind. A file that already exists in the
 * target fails the run before anything is uploaded (file targets never overwrite, §8.3).
 */
public final class StagedTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(StagedTransfer.class);

    private final RemoteFileSystem fs;
    private final FailureSide side;

    public StagedTransfer(RemoteFileSystem fs, FailureSide side) {
        this.fs = fs;
        this.side = side;
    }

    /**
     * Downloads {@code files} (found below {@code remoteRoot}) into {@code localDir}, keeping their paths relative to
     * {@code remoteRoot}; a local file that already exists fails the run.
     *
     * @return the local files, in the order of {@code files}
     */
    public List<Path> download(String remoteRoot, List<RemoteFile> files, Path localDir) {
        TransferProgress progress = new TransferProgress("download from " + fs.describe(), files.size(),
                files.stream().mapToLong(RemoteFile::size).sum());
        List<Path> downloaded = new ArrayList<>();
        for (RemoteFile file : files) {
            Path local = localPath(localDir, RemotePaths.relativize(remoteRoot, file.path()));
            if (Files.exists(local)) {
                throw new RunFailure(side, side.label() + " " + fs.describe() + ": two source files map to the local"
                        + " file " + localDir.relativize(local) + " (" + file.path() + ")");
            }
            try {
                Files.createDirectories(local.getParent());
                try (OutputStream out = progress.counting(new BufferedOutputStream(Files.newOutputStream(local),
                        Streams.BUFFER_SIZE))) {
                    fs.download(file.path(), out);
                }
            } catch (IOException e) {
                throw new RunFailure(side, side.label() + ": cannot write the staged file " + local + ": " + e, e);
            }
            downloaded.add(local);
            progress.fileDone(file.path());
        }
        return downloaded;
    }

    /**
     * Uploads every regular file below {@code localDir} into {@code remoteDir} (created if missing), keeping relative
     * paths, through the run's temporary directory.
     *
     * @return the remote paths of the uploaded files
     */
    public List<String> upload(Path localDir, String remoteDir, StagingNames names) {
        String target = RemotePaths.normalize(remoteDir);
        List<Path> locals = localFiles(localDir);
        List<String> relatives = locals.stream().map(p -> localDir.relativize(p).toString().replace('\\', '/'))
                .toList();
        fs.mkdirs(target);
        removeLeftovers(target, names);
        failOnClash(target, relatives, "(nothing was uploaded)");
        String temporary = RemotePaths.join(target, names.runDirectory());
        List<String> moved = new ArrayList<>();
        boolean done = false;
        try {
            Set<String> created = new HashSet<>();
            TransferProgress progress = new TransferProgress("upload to " + fs.describe(), locals.size(),
                    totalSize(locals));
            for (int i = 0; i < locals.size(); i++) {
                String staged = RemotePaths.join(temporary, relatives.get(i));
                mkdirsOnce(RemotePaths.parent(staged), created);
                try (InputStream in = progress.counting(new BufferedInputStream(Files.newInputStream(locals.get(i)),
                        Streams.BUFFER_SIZE))) {
                    fs.upload(in, Files.size(locals.get(i)), staged);
                }
                progress.fileDone(relatives.get(i));
            }
            failOnClash(target, relatives, "(it appeared while this run uploaded)");
            for (String relative : relatives) {
                String finalPath = RemotePaths.join(target, relative);
                mkdirsOnce(RemotePaths.parent(finalPath), created);
                fs.rename(RemotePaths.join(temporary, relative), finalPath);
                moved.add(finalPath);
            }
            done = true;
            LOG.info("upload to {}: {} files in place in {}", fs.describe(), moved.size(), target);
            return moved;
        } catch (IOException e) {
            throw new RunFailure(side, side.label() + ": cannot read a staged file: " + e, e);
        } finally {
            if (!done) {
                rollBack(moved);
            }
            removeQuietly(temporary);
        }
    }

    /**
     * Fails if a file to upload already exists in {@code target}: one listing of {@code target} for files directly in
     * it (Spark's usual output), a stat for files in subdirectories.
     */
    private void failOnClash(String target, List<String> relatives, String note) {
        Set<String> present = new HashSet<>();
        fs.list(target).forEach(entry -> present.add(entry.name()));
        for (String relative : relatives) {
            boolean exists = relative.contains("/") ? fs.exists(RemotePaths.join(target, relative))
                    : present.contains(relative);
            if (exists) {
                throw new RunFailure(side, side.label() + " " + fs.describe() + ": " + RemotePaths.join(target, relative)
                        + " already exists; file targets never overwrite " + note);
            }
        }
    }

    private void mkdirsOnce(String directory, Set<String> created) {
        if (created.add(directory)) {
            fs.mkdirs(directory);
        }
    }

    /** Removes this transfer's temporary directories that earlier, killed runs left in {@code target}. */
    private void removeLeftovers(String target, StagingNames names) {
        for (RemoteFile entry : fs.list(target)) {
            if (entry.name().startsWith(names.transferPrefix())) {
                LOG.info("removing {} left behind by an earlier run", entry.path());
                fs.deleteRecursively(entry.path());
            }
        }
    }

    /** Takes back the files this run already moved into place, so that a failed run leaves the target as it was. */
    private void rollBack(List<String> moved) {
        for (String path : moved) {
            try {
                fs.delete(path);
            } catch (RuntimeException e) {
                LOG.warn("could not take back {} after the failed upload: {}", path, e.getMessage());
            }
        }
    }

    private void removeQuietly(String temporary) {
        try {
            fs.deleteRecursively(temporary);
        } catch (RuntimeException e) {
            LOG.warn("could not remove {} (the next run of the transfer removes it): {}", temporary, e.getMessage());
        }
    }

    private Path localPath(Path localDir, String relative) {
        Path local = localDir.resolve(relative).normalize();
        if (!local.startsWith(localDir)) {
            throw new RunFailure(side, side.label() + ": remote file name " + relative + " leaves the staging directory");
        }
        return local;
    }

    private List<Path> localFiles(Path localDir) {
        try (Stream<Path> walk = Files.walk(localDir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new RunFailure(side, side.label() + ": cannot list the staged files in " + localDir + ": " + e, e);
        }
    }

    private static long totalSize(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }
}
