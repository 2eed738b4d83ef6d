package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;

/** {@code s3}: buckets read and written by Spark's s3a file system (hadoop-aws with the AWS SDK v2 S3 client). */
public final class S3Connector implements Connector {
    @Override
    public String type() {
        return "s3";
    }

    @Override
    public Source source(SideSpec spec) {
        return new HadoopFileSource(S3Location.parse(spec.connectionFields()), DirectoryReader.parse(spec.params()));
    }

    @Override
    public Target target(SideSpec spec) {
        return new HadoopFileTarget(S3Location.parse(spec.connectionFields()), DirectoryWriter.parse(spec.params()), spec.run());
    }
}
