package io.syncmaster.worker.runner.connector.file;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.connector.file.remote.RemoteConnectionConfig;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFileSystem;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFileSystems;
import io.syncmaster.worker.runner.connector.file.remote.StagedTransfer;
import io.syncmaster.worker.runner.connector.file.remote.StagingNames;
import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A directory on SFTP, FTP, FTPS, WebDAV or Samba (transfer-semantics §5.3): Spark writes the files into the run's
 * scratch directory with {@link DirectoryWriter} (already carrying their template names), then {@link StagedTransfer}
 * uploads them into {@code <directory>/_syncmaster-tmp-t<T>-r<R>/} and, once all arrived, renames them into place. A
 * name that already exists fails the run before any upload; a failure removes what this run put there; the next
 * run of the transfer removes temporary directories a killed run left.
 */
public final class StagedFileTarget implements Target {
    private final RemoteConnectionConfig config;
    private final VerificationSettings verification;
    private final DirectoryWriter writer;
    private final RunIdentity run;

    public StagedFileTarget(RemoteConnectionConfig config, VerificationSettings verification, DirectoryWriter writer, RunIdentity run) {
        this.config = config;
        this.verification = verification;
        this.writer = writer;
        this.run = run;
    }

    @Override
    public Map<String, String> sparkConf() {
        return StagedSpark.LOCAL;
    }

    @Override
    public void check(RunEnvironment env) {
        StagedSpark.requireLocal(env.spark(), config.type(), FailureSide.TARGET);
        try (RemoteFileSystem fs = open()) {
            fs.stat(writer.directory()).ifPresent(entry -> {
                if (!entry.directory()) {
                    throw new RunFailure(FailureSide.TARGET, "transfer.target_params.directory_path '" + writer.directory()
                            + "' is a file, not a directory");
                }
            });
        }
    }

    /** {@link StagedTransfer#upload} removes this transfer's leftover temporary directories before it uploads. */
    @Override
    public void cleanUpStale(RunEnvironment env) {
    }

    @Override
    public WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode) {
        String localRoot = env.scratchDirectory().resolve("written").toUri().toString().replaceAll("/$", "");
        DirectoryWriter.Written local = writer.write(env.spark(), localRoot, data, run);
        Path localDir = Path.of(URI.create(FilePaths.join(localRoot, writer.directory())));
        removeLocalChecksums(localDir);
        try (RemoteFileSystem fs = open()) {
            new StagedTransfer(fs, FailureSide.TARGET).upload(localDir, writer.directory(),
                    new StagingNames(run.transferId(), run.runId()));
        }
        return new WriteResult(local.rows(), OptionalLong.of(local.bytes()));
    }

    /** Hadoop's local file system leaves {@code .<name>.crc} files beside the written ones; they are not uploaded. */
    private static void removeLocalChecksums(Path localDir) {
        try (Stream<Path> entries = Files.list(localDir)) {
            for (Path entry : entries.filter(p -> FilePaths.hidden(p.getFileName().toString())).toList()) {
                Files.delete(entry);
            }
        } catch (IOException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot prepare the staged files in " + localDir, e);
        }
    }

    /** The upload's temporary directory is removed by {@link StagedTransfer} on failure; nothing else is left. */
    @Override
    public void abort() {
    }

    private RemoteFileSystem open() {
        return RemoteFileSystems.open(config, verification, FailureSide.TARGET);
    }

    @Override
    public String describe() {
        return config.type() + " " + config.host() + ":" + config.port() + " directory " + writer.directory() + " ("
                + writer.format().typeName() + ", " + writer.format().extension() + ", staged locally)";
    }
}
