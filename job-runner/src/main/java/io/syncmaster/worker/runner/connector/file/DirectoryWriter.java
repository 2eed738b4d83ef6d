package io.syncmaster.worker.runner.connector.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.format.FileFormat;
import io.syncmaster.worker.runner.format.FileFormats;

/**
 * The write side of every file connection (transfer-semantics §5.3, §4.4), with no partial result visible: Spark
 * writes into {@code <directory>/.syncmaster_tmp/syncmaster_tmp_<T>_<R>/} (hidden: Spark readers skip it); every file
 * there gets its {@code file_name_template} name; if any name already exists in the directory the run fails before
 * anything moved; then the files are renamed into the directory, and if a rename fails the ones already moved are
 * deleted again. The temporary directory is removed at the end, also on failure, and the next run of the same
 * transfer removes what a killed run left there. File targets never delete or overwrite a user's file.
 *
 * @param directory {@code target_params.directory_path}
 * @param options   {@code target_params.options} as Spark writer options ({@code if_exists} has no meaning: every
 *                  run adds new files)
 */
public record DirectoryWriter(String directory, FileFormat format, FileNameTemplate template, Map<String, String> options) {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWriter.class);
    private static final String PARAMS = "transfer.target_params";
    /** The hidden directory below the target directory that holds the runs' temporary output. */
    public static final String STAGING_DIRECTORY = ".syncmaster_tmp";

    public DirectoryWriter {
        options = Map.copyOf(options);
    }

    /** {@code transfer.target_params} of a file connection. */
    public static DirectoryWriter parse(JsonNode params) {
        String directory = FilePaths.directory(params.path("directory_path").asText(null), FailureSide.TARGET,
                PARAMS + ".directory_path");
        FileFormat format = FileFormats.parseWritable(params.get("file_format"), FailureSide.TARGET, PARAMS + ".file_format");
        JsonNode template = params.get("file_name_template");
        if (template != null && !template.isNull() && !template.isTextual()) {
            throw new RunFailure(FailureSide.TARGET, PARAMS + ".file_name_template must be a string");
        }
        return new DirectoryWriter(directory, format, FileNameTemplate.parse(template == null ? null : template.asText(null)),
                options(params.get("options")));
    }

    /** This run's temporary directory below {@code root} (e.g. {@code s3a://bucket}, {@code file://}). */
    public Path stagingDirectory(String root, RunIdentity run) {
        return new Path(new Path(FilePaths.join(root, directory), STAGING_DIRECTORY), run.staging().name());
    }

    /**
     * Writes {@code data} as new files into {@code directory} below {@code root}; returns the rows and bytes written
     * and, in index order, the new files' paths.
     */
    public Written write(SparkSession spark, String root, Dataset<Row> data, RunIdentity run) {
        Configuration conf = spark.sessionState().newHadoopConf();
        Path dir = new Path(FilePaths.join(root, directory));
        Path staging = stagingDirectory(root, run);
        FileSystem fs;
        try {
            fs = dir.getFileSystem(conf);
            prepareDirectory(fs, dir);
        } catch (IOException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot prepare the target directory " + directory, e);
        }
        try {
            long rows;
            try {
                rows = format.write(data, staging.toString(), writerOptions());
            } catch (RuntimeException e) {
                throw RunFailure.wrap(FailureSide.TARGET, "writing the " + format.typeName() + " files failed", e);
            }
            return moveIntoPlace(fs, staging, dir, run, rows);
        } finally {
            deleteQuietly(fs, staging);
            deleteIfEmpty(fs, staging.getParent());
        }
    }

    /**
     * The target's options plus committer settings for the private temporary directory: its job commit need not be
     * atomic (the files move into place afterwards), so the single-rename v2 algorithm saves one copy per file on S3;
     * no {@code _SUCCESS} marker (as upstream).
     */
    private Map<String, String> writerOptions() {
        Map<String, String> merged = new LinkedHashMap<>();
        merged.put("mapreduce.fileoutputcommitter.algorithm.version", "2");
        merged.put("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        merged.putAll(options);
        return merged;
    }

    /** The outcome of {@link #write}. */
    public record Written(long rows, long bytes, List<String> files) {
        public Written {
            files = List.copyOf(files);
        }
    }

    /** Deletes the temporary directories other runs of this transfer left below {@code root} (killed runs). */
    public void cleanUpStale(Configuration conf, String root, RunIdentity run) {
        Path parent = new Path(new Path(FilePaths.join(root, directory)), STAGING_DIRECTORY);
        try {
            FileSystem fs = parent.getFileSystem(conf);
            if (!fs.exists(parent)) {
                return;
            }
            for (FileStatus leftover : fs.listStatus(parent)) {
                if (run.staging().isStale(leftover.getPath().getName())) {
                    LOG.info("Removing {}/{} left by an earlier run of this transfer", STAGING_DIRECTORY, leftover.getPath().getName());
                    fs.delete(leftover.getPath(), true);
                }
            }
            deleteIfEmpty(fs, parent);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove stale temporary files in {}/{}: {}", directory, STAGING_DIRECTORY, e.toString());
        }
    }

    /** Deletes this run's temporary directory (the process is stopping); quiet. */
    public void abort(Configuration conf, String root, RunIdentity run) {
        Path staging = stagingDirectory(root, run);
        try {
            FileSystem fs = staging.getFileSystem(conf);
            deleteQuietly(fs, staging);
            deleteIfEmpty(fs, staging.getParent());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove {}: {}", staging, e.toString());
        }
    }

    private void prepareDirectory(FileSystem fs, Path dir) throws IOException {
        try {
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new RunFailure(FailureSide.TARGET, PARAMS + ".directory_path '" + directory + "' is a file, not a directory");
            }
        } catch (FileNotFoundException e) {
            if (!fs.mkdirs(dir)) {
                throw new RunFailure(FailureSide.TARGET, "cannot create the target directory " + directory);
            }
        }
    }

    private Written moveIntoPlace(FileSystem fs, Path staging, Path dir, RunIdentity run, long rows) {
        List<FileStatus> written = new ArrayList<>();
        List<Path> moved = new ArrayList<>();
        LocalDateTime createdAt = run.runCreatedAt().map(t -> t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                .orElseGet(() -> LocalDateTime.now(ZoneOffset.UTC));
        try {
            for (FileStatus status : fs.listStatus(staging)) {
                if (status.isFile() && !FilePaths.hidden(status.getPath().getName())) {
                    written.add(status);
                } else if (status.isDirectory()) {
                    throw new RunFailure(FailureSide.TARGET, "the writer created the sub-directory " + status.getPath().getName()
                            + " (partitioned output is not supported: file targets are flat)");
                }
            }
            written.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            List<Path> targets = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < written.size(); i++) {
                String name = template.render(i, format.extension(), run.runId(), createdAt);
                Path target = new Path(dir, name);
                if (!names.add(name) || fs.exists(target)) {
                    throw new RunFailure(FailureSide.TARGET, "the file " + name + " already exists in " + directory
                            + "; file targets never overwrite (change file_name_template, e.g. add {run_id})");
                }
                targets.add(target);
            }
            long bytes = 0;
            for (int i = 0; i < written.size(); i++) {
                if (!fs.rename(written.get(i).getPath(), targets.get(i))) {
                    throw new RunFailure(FailureSide.TARGET, "cannot move " + targets.get(i).getName() + " into " + directory
                            + " (it may have appeared meanwhile)");
                }
                moved.add(targets.get(i));
                bytes += written.get(i).getLen();
            }
            LOG.info("Target directory {}: {} new file(s), {} rows, {} bytes", directory, moved.size(), rows, bytes);
            return new Written(rows, bytes, moved.stream().map(Path::toString).toList());
        } catch (IOException | RuntimeException e) {
            for (Path path : moved) {
                deleteQuietly(fs, path);
            }
            if (!moved.isEmpty()) {
                LOG.warn("Moving the files into {} failed; removed the {} file(s) already moved", directory, moved.size());
            }
            throw RunFailure.wrap(FailureSide.TARGET, "cannot move the written files into " + directory, e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete {}: {}", path, e.toString());
        }
    }

    private static void deleteIfEmpty(FileSystem fs, Path dir) {
        try {
            FileStatus[] children = fs.listStatus(dir);
            if (children.length == 0) {
                fs.delete(dir, false);
            }
        } catch (FileNotFoundException e) {
            // nothing to do
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not check {}: {}", dir, e.toString());
        }
    }

    private static Map<String, String> options(JsonNode node) {
        Map<String, String> options = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return options;
        }
        if (!node.isObject()) {
            throw new RunFailure(FailureSide.TARGET, PARAMS + ".options must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.equals("if_exists") || entry.getValue().isNull()) {
                continue;
            }
            if (key.equalsIgnoreCase("partitionBy")) {
                throw new RunFailure(FailureSide.TARGET, PARAMS + ".options.partitionBy is not supported: files land flat in "
                        + "directory_path");
            }
            if (!entry.getValue().isValueNode()) {
                throw new RunFailure(FailureSide.TARGET, PARAMS + ".options." + key + " must be a string, number or boolean");
            }
            options.put(key, entry.getValue().asText());
        }
        return options;
    }
}
