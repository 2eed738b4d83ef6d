package io.syncmaster.worker.runner.connector.file;

import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.connector.FileEntry;
import io.syncmaster.worker.runner.connector.FileSource;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.transform.Transformations;

/** A directory on S3 or HDFS, listed and read by Spark directly (executors read the files themselves). */
public final class HadoopFileSource implements FileSource {
    private final HadoopLocation location;
    private final DirectoryReader reader;
    private Configuration conf;

    public HadoopFileSource(HadoopLocation location, DirectoryReader reader) {
        this.location = location;
        this.reader = reader;
    }

    public DirectoryReader reader() {
        return reader;
    }

    @Override
    public void check(RunEnvironment env) {
        conf = location.configure(env, FailureSide.SOURCE);
        reader.checkDirectory(conf, location.root());
    }

    @Override
    public List<FileEntry> list(RunEnvironment env, Transformations transformations) {
        return reader.list(configuration(env), location.root(), transformations.fileFilters());
    }

    @Override
    public Dataset<Row> read(RunEnvironment env, ReadRequest request) {
        List<FileEntry> files = DirectoryReader.scoped(request, location.type(), () -> list(env, request.transformations()));
        return reader.readFiles(env.spark(), location.root(), files, request.transformations());
    }

    @Override
    public String describe() {
        return location.describe() + " directory " + reader.directory() + " (" + reader.format().typeName() + ")";
    }

    private Configuration configuration(RunEnvironment env) {
        if (conf == null) {
            conf = location.configure(env, FailureSide.SOURCE);
        }
        return conf;
    }
}
