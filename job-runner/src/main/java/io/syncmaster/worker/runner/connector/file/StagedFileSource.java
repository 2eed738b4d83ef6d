package io.syncmaster.worker.runner.connector.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.FileEntry;
import io.syncmaster.worker.runner.connector.FileSource;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.file.remote.RemoteConnectionConfig;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFile;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFileSystem;
import io.syncmaster.worker.runner.connector.file.remote.RemoteFileSystems;
import io.syncmaster.worker.runner.connector.file.remote.StagedTransfer;
import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * A directory on SFTP, FTP, FTPS, WebDAV or Samba (transfer-semantics §5.4): listed and filtered on the server, the
 * chosen files downloaded one by one ({@link StagedTransfer}: bounded buffers, progress in the log) into the run's
 * scratch directory (same paths below {@code downloaded/}), then
 * read by Spark from there with {@link DirectoryReader}. The scratch directory lives until the run ends, so the
 * lazy DataFrame stays readable during the write.
 */
public final class StagedFileSource implements FileSource {
    private static final Logger LOG = LoggerFactory.getLogger(StagedFileSource.class);

    private final RemoteConnectionConfig config;
    private final VerificationSettings verification;
    private final DirectoryReader reader;

    public StagedFileSource(RemoteConnectionConfig config, VerificationSettings verification, DirectoryReader reader) {
        this.config = config;
        this.verification = verification;
        this.reader = reader;
    }

    /** Staged types need the downloaded files on the driver's disk: Spark runs locally in the run pod. */
    @Override
    public Map<String, String> sparkConf() {
        return StagedSpark.LOCAL;
    }

    @Override
    public void check(RunEnvironment env) {
        StagedSpark.requireLocal(env.spark(), config.type(), FailureSide.SOURCE);
        try (RemoteFileSystem fs = open()) {
            requireDirectory(fs);
        }
    }

    @Override
    public List<FileEntry> list(RunEnvironment env, Transformations transformations) {
        try (RemoteFileSystem fs = open()) {
            return list(fs, transformations);
        }
    }

    private List<FileEntry> list(RemoteFileSystem fs, Transformations transformations) {
        requireDirectory(fs);
        List<FileEntry> files = new ArrayList<>();
        int rejected = 0;
        String prefix = reader.directory().equals("/") ? "" : reader.directory();
        for (RemoteFile file : fs.listFilesRecursively(reader.directory())) {
            String relative = file.path().substring(Math.min(file.path().length(), prefix.length()));
            if (java.util.Arrays.stream(relative.split("/")).anyMatch(FilePaths::hidden)) {
                continue;
            }
            if (DirectoryReader.accepts(transformations.fileFilters(), file.path(), file.size())) {
                files.add(new FileEntry(file.path(), file.size(), file.modifiedAt()));
            } else {
                rejected++;
            }
        }
        files.sort(java.util.Comparator.comparing(FileEntry::path));
        LOG.info("Source directory {} on {}: {} file(s), {} bytes to download; {} left out by file_metadata_filter",
                reader.directory(), fs.describe(), files.size(), files.stream().mapToLong(FileEntry::size).sum(), rejected);
        return files;
    }

    @Override
    public Dataset<Row> read(RunEnvironment env, ReadRequest request) {
        Path downloaded = env.scratchDirectory().resolve("downloaded");
        try (RemoteFileSystem fs = open()) {
            List<FileEntry> files = DirectoryReader.scoped(request, config.type(), () -> list(fs, request.transformations()));
            new StagedTransfer(fs, FailureSide.SOURCE).download("/",
                    files.stream().map(f -> new RemoteFile(f.path(), f.size(), f.modified(), false)).toList(), downloaded);
            return reader.readFiles(env.spark(), downloaded.toUri().toString().replaceAll("/$", ""), files, request.transformations());
        }
    }

    private void requireDirectory(RemoteFileSystem fs) {
        RemoteFile dir = fs.stat(reader.directory()).orElseThrow(() -> new RunFailure(FailureSide.SOURCE,
                "transfer.source_params.directory_path '" + reader.directory() + "' does not exist on " + fs.describe()));
        if (!dir.directory()) {
            throw new RunFailure(FailureSide.SOURCE, "transfer.source_params.directory_path '" + reader.directory()
                    + "' is a file, not a directory");
        }
    }

    private RemoteFileSystem open() {
        return RemoteFileSystems.open(config, verification, FailureSide.SOURCE);
    }

    @Override
    public String describe() {
        return config.type() + " " + config.host() + ":" + config.port() + " directory " + reader.directory() + " ("
                + reader.format().typeName() + ", staged locally)";
    }
}
