package io.syncmaster.worker.runner.connector.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.connector.file.remote.RemoteConnectionConfig;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFile;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFileSystem;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFileSystems;
import io.syncmaster.worker.runner.connector.file.remote.RemotePaths;
import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A directory on SFTP, FTP, FTPS, WebDAV or Samba (transfer-semantics §5.3): Spark writes the files into the run's
 * scratch directory with {@link DirectoryWriter} (already carrying their template names), then each is uploaded
 * under a hidden temporary name ({@code .syncmaster_tmp_<T>_<R>_<name>}) and, once all uploads succeeded, renamed
 * to its name. A name that already exists fails the run before any upload; a failed upload or rename removes
 * what this run put there. The next run of the transfer removes temporary files a killed run left.
 */
public final class StagedFileTarget implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(StagedFileTarget.class);

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

    @Override
    public void cleanUpStale(RunEnvironment env) {
        try (RemoteFileSystem fs = open()) {
            if (fs.exists(writer.directory())) {
                for (RemoteFile file : fs.list(writer.directory())) {
                    if (!file.directory() && file.name().startsWith(".") && run.staging().isStale(file.name().substring(1))) {
                        LOG.info("Removing {} left by an earlier run of this transfer", file.path());
                        fs.delete(file.path());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove stale temporary files in {}: {}", writer.directory(), e.toString());
        }
    }

    @Override
    public WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode) {
        Path written = env.scratchDirectory().resolve("written");
        String localRoot = written.toUri().toString().replaceAll("/$", "");
        DirectoryWriter.Written local = writer.write(env.spark(), localRoot, data, run);
        List<Path> files = local.files().stream().map(f -> Path.of(java.net.URI.create(f))).toList();
        try (RemoteFileSystem fs = open()) {
            upload(fs, files, local.bytes());
        }
        return new WriteResult(local.rows(), OptionalLong.of(local.bytes()));
    }

    private void upload(RemoteFileSystem fs, List<Path> files, long totalBytes) {
        String dir = writer.directory();
        fs.mkdirs(dir);
        for (Path file : files) {
            String remote = RemotePaths.join(dir, file.getFileName().toString());
            if (fs.exists(remote)) {
                throw new RunFailure(FailureSide.TARGET, "the file " + file.getFileName() + " already exists in " + dir
                        + "; file targets never overwrite (change file_name_template, e.g. add {run_id})");
            }
        }
        List<String> temporary = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        try {
            long done = 0;
            for (Path file : files) {
                String name = file.getFileName().toString();
                String tmp = RemotePaths.join(dir, temporaryName(name));
                temporary.add(tmp);
                fs.upload(file, tmp);
                done += java.nio.file.Files.size(file);
                LOG.info("Uploaded {}/{} files, {}/{} bytes to {}", temporary.size(), files.size(), done, totalBytes, fs.describe());
            }
            for (int i = 0; i < files.size(); i++) {
                String target = RemotePaths.join(dir, files.get(i).getFileName().toString());
                fs.rename(temporary.get(i), target);
                placed.add(target);
            }
            LOG.info("Target directory {} on {}: {} new file(s), {} bytes", dir, fs.describe(), placed.size(), totalBytes);
        } catch (java.io.IOException | RuntimeException e) {
            for (String path : placed) {
                deleteQuietly(fs, path);
            }
            for (int i = placed.size(); i < temporary.size(); i++) {
                deleteQuietly(fs, temporary.get(i));
            }
            throw RunFailure.wrap(FailureSide.TARGET, "uploading the files to " + dir + " on " + fs.describe() + " failed", e);
        }
    }

    private String temporaryName(String name) {
        return "." + run.staging().name() + "_" + name;
    }

    @Override
    public void abort() {
        try (RemoteFileSystem fs = open()) {
            if (fs.exists(writer.directory())) {
                for (RemoteFile file : fs.list(writer.directory())) {
                    if (file.name().startsWith("." + run.staging().name() + "_")) {
                        deleteQuietly(fs, file.path());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove this run's temporary files in {}: {}", writer.directory(), e.toString());
        }
    }

    private static void deleteQuietly(RemoteFileSystem fs, String path) {
        try {
            fs.delete(path);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete {}: {}", path, e.toString());
        }
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
