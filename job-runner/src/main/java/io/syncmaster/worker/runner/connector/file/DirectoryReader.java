package io.syncmaster.worker.runner.connector.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.connector.FileEntry;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.format.FileFormat;
import io.syncmaster.worker.runner.format.FileFormats;
import io.syncmaster.worker.runner.transform.FileMetadataFilter;
import io.syncmaster.worker.runner.transform.FrameFilters;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * The read side of every file connection (transfer-semantics §5.4): list {@code directory_path} recursively with
 * size and modification time, keep the files every metadata filter accepts (on all file types: upstream ignores
 * them on S3 and HDFS), read them with the format and {@code df_schema} (inferred when absent), then apply the row
 * and column filters as Spark expressions. S3 and HDFS list and read on their own file system; the staged
 * types list and filter the remote side ({@link #accepts}), download, and call {@link #readFiles} on the local copy.
 *
 * @param directory    {@code source_params.directory_path}
 * @param options      {@code source_params.options} as Spark reader options (upstream's injected {@code if_exists}
 *                     removed)
 */
public record DirectoryReader(String directory, FileFormat format, Optional<StructType> schema, Map<String, String> options) {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryReader.class);
    private static final String PARAMS = "transfer.source_params";

    public DirectoryReader {
        options = Map.copyOf(options);
    }

    /** {@code transfer.source_params} of a file connection. */
    public static DirectoryReader parse(JsonNode params) {
        String directory = FilePaths.directory(params.path("directory_path").asText(null), FailureSide.SOURCE,
                PARAMS + ".directory_path");
        FileFormat format = FileFormats.parse(params.get("file_format"), FailureSide.SOURCE, PARAMS + ".file_format");
        return new DirectoryReader(directory, format, schema(params.get("df_schema")), options(params.get("options")));
    }

    /**
     * The files below {@code directory} that pass the metadata filters, in path order; hidden names ('.' and '_'
     * prefixes, as Spark skips them) and their subtrees are left out. A missing directory fails the run.
     */
    public List<FileEntry> list(Configuration conf, String root, List<FileMetadataFilter> filters) {
        Path dir = new Path(FilePaths.join(root, directory));
        List<FileEntry> files = new ArrayList<>();
        int rejected = 0;
        try {
            FileSystem fs = dir.getFileSystem(conf);
            requireDirectory(fs, dir);
            String prefix = dir.toUri().getPath();
            // paths are absolute on the file system root names: for file:///scratch/x that is below /scratch/x
            String rootPath = new Path(root + "/").toUri().getPath().replaceAll("/$", "");
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                LocatedFileStatus file = it.next();
                String path = file.getPath().toUri().getPath().substring(rootPath.length());
                String relative = file.getPath().toUri().getPath().substring(Math.min(file.getPath().toUri().getPath().length(),
                        prefix.length()));
                if (java.util.Arrays.stream(relative.split("/")).anyMatch(FilePaths::hidden)) {
                    continue;
                }
                if (accepts(filters, path, file.getLen())) {
                    files.add(new FileEntry(path, file.getLen(), Instant.ofEpochMilli(file.getModificationTime())));
                } else {
                    rejected++;
                }
            }
        } catch (IOException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot list the source directory " + directory, e);
        }
        files.sort(Comparator.comparing(FileEntry::path));
        LOG.info("Source directory {}: {} file(s), {} bytes to read; {} left out by file_metadata_filter", directory,
                files.size(), files.stream().mapToLong(FileEntry::size).sum(), rejected);
        return files;
    }

    /** The connection check: {@code directory} exists below {@code root} and is a directory. */
    public void checkDirectory(Configuration conf, String root) {
        Path dir = new Path(FilePaths.join(root, directory));
        try {
            requireDirectory(dir.getFileSystem(conf), dir);
        } catch (IOException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot reach the source directory " + directory, e);
        }
    }

    private void requireDirectory(FileSystem fs, Path dir) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(dir);
        } catch (FileNotFoundException e) {
            throw new RunFailure(FailureSide.SOURCE, PARAMS + ".directory_path '" + directory + "' does not exist");
        }
        if (!status.isDirectory()) {
            throw new RunFailure(FailureSide.SOURCE, PARAMS + ".directory_path '" + directory + "' is a file, not a directory");
        }
    }

    /**
     * The files a read covers: the listing for {@link ReadScope.All}, the chosen ones for {@link ReadScope.Files},
     * none for {@link ReadScope.NoRows}; a column window is refused (files have no increment column).
     */
    public static List<FileEntry> scoped(ReadRequest request, String type, Supplier<List<FileEntry>> listing) {
        if (request.scope() instanceof ReadScope.Files chosen) {
            return chosen.files();
        }
        if (request.scope() instanceof ReadScope.NoRows) {
            return List.of();
        }
        if (request.scope() instanceof ReadScope.All) {
            return listing.get();
        }
        throw new RunFailure(FailureSide.SETUP, "a " + type + " source has no column to read incrementally; "
                + "use strategy full (or, for staged types, incremental by file_name / file_modified_since)");
    }

    /** True when every filter accepts the file. */
    public static boolean accepts(List<FileMetadataFilter> filters, String path, long size) {
        return filters.stream().allMatch(f -> f.accepts(path, size));
    }

    /**
     * Reads {@code files} (already listed and filtered; their paths are absolute on the file system {@code root}
     * names, e.g. {@code s3a://bucket} or {@code file://}), then applies the row and column filters. No file and no
     * {@code df_schema}: the run fails, since the columns are unknown.
     */
    public Dataset<Row> readFiles(SparkSession spark, String root, List<FileEntry> files, Transformations transformations) {
        Dataset<Row> data;
        if (files.isEmpty()) {
            data = schema.map(s -> spark.createDataFrame(List.<Row>of(), s)).orElseThrow(() -> new RunFailure(
                    FailureSide.SOURCE, "no file to read in " + directory + " and the transfer has no df_schema, so the "
                            + "columns are unknown"));
        } else {
            try {
                data = format.read(spark, FilePaths.join(root, directory),
                        files.stream().map(f -> new Path(FilePaths.join(root, f.path())).toString()).toList(), schema, options);
                data.schema();
            } catch (RuntimeException e) {
                throw RunFailure.wrap(FailureSide.SOURCE, "cannot read the " + format.typeName() + " files in " + directory, e);
            }
        }
        return FrameFilters.apply(data, transformations);
    }

    private static Optional<StructType> schema(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            return Optional.empty();
        }
        try {
            DataType type = DataType.fromJson(node.isTextual() ? node.asText() : node.toString());
            if (type instanceof StructType struct) {
                return Optional.of(struct);
            }
        } catch (RuntimeException e) {
            throw new RunFailure(FailureSide.SOURCE, PARAMS + ".df_schema is not a Spark schema (StructType JSON): "
                    + e.getMessage());
        }
        throw new RunFailure(FailureSide.SOURCE, PARAMS + ".df_schema must be a Spark StructType");
    }

    private static Map<String, String> options(JsonNode node) {
        Map<String, String> options = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return options;
        }
        if (!node.isObject()) {
            throw new RunFailure(FailureSide.SOURCE, PARAMS + ".options must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("if_exists") || entry.getValue().isNull()) {
                continue; // a write mode: upstream's DTO injects it into reader options, where it means nothing
            }
            if (!entry.getValue().isValueNode()) {
                throw new RunFailure(FailureSide.SOURCE, PARAMS + ".options." + entry.getKey() + " must be a string, number or boolean");
            }
            options.put(entry.getKey(), entry.getValue().asText());
        }
        return options;
    }
}
