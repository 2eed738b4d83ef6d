package io.syncmaster.worker.runner.connector.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.OptionalLong;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * A directory on S3 or HDFS that Spark writes directly: executors write the temporary files, the driver renames
 * them into place ({@link DirectoryWriter}). Both write modes add new files: file targets never delete.
 */
public final class HadoopFileTarget implements Target {
    private final HadoopLocation location;
    private final DirectoryWriter writer;
    private final RunIdentity run;
    private volatile Configuration conf;

    public HadoopFileTarget(HadoopLocation location, DirectoryWriter writer, RunIdentity run) {
        this.location = location;
        this.writer = writer;
        this.run = run;
    }

    public DirectoryWriter writer() {
        return writer;
    }

    /** The target's connection check: the file system answers, and {@code directory_path} is not a file. */
    @Override
    public void check(RunEnvironment env) {
        conf = location.configure(env, FailureSide.TARGET);
        Path dir = new Path(FilePaths.join(location.root(), writer.directory()));
        try {
            FileStatus status = dir.getFileSystem(conf).getFileStatus(dir);
            if (!status.isDirectory()) {
                throw new RunFailure(FailureSide.TARGET, "transfer.target_params.directory_path '" + writer.directory()
                        + "' is a file, not a directory");
            }
        } catch (FileNotFoundException e) {
            // created by the write, as upstream
        } catch (IOException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot reach the target directory " + writer.directory() + " on "
                    + location.describe(), e);
        }
    }

    @Override
    public void cleanUpStale(RunEnvironment env) {
        writer.cleanUpStale(conf == null ? location.configure(env, FailureSide.TARGET) : conf, location.root(), run);
    }

    @Override
    public WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode) {
        DirectoryWriter.Written written = writer.write(env.spark(), location.root(), data, run);
        return new WriteResult(written.rows(), OptionalLong.of(written.bytes()));
    }

    @Override
    public void abort() {
        Configuration current = conf;
        if (current != null) {
            writer.abort(current, location.root(), run);
        }
    }

    @Override
    public String describe() {
        return location.describe() + " directory " + writer.directory() + " (" + writer.format().typeName() + ", "
                + writer.format().extension() + ")";
    }
}
