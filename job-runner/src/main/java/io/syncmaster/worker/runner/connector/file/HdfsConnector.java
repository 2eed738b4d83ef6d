package io.syncmaster.worker.runner.connector.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;

/** {@code hdfs}: directories read and written by Spark's HDFS client; namenodes from {@link HdfsClusters}. */
public final class HdfsConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsConnector.class);

    private volatile HdfsClusters clusters;

    /** For the registry: the clusters come from the worker settings when an HDFS connection is first used. */
    public HdfsConnector() {
    }

    public HdfsConnector(HdfsClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public String type() {
        return "hdfs";
    }

    @Override
    public Source source(SideSpec spec) {
        return new HadoopFileSource(location(spec.connectionFields()), DirectoryReader.parse(spec.params()));
    }

    @Override
    public Target target(SideSpec spec) {
        return new HadoopFileTarget(location(spec.connectionFields()), DirectoryWriter.parse(spec.params()), spec.run());
    }

    private HdfsLocation location(Fields connection) {
        String cluster = connection.requiredText("cluster");
        if (connection.optionalText("password").isPresent()) {
            LOG.info("hdfs cluster {}: Kerberos is not supported yet; the connection's user and password are not used", cluster);
        }
        return new HdfsLocation(cluster, clusters().namenodes(cluster));
    }

    private HdfsClusters clusters() {
        if (clusters == null) {
            clusters = HdfsClusters.parse(Settings.load().value(HdfsClusters.SETTING));
        }
        return clusters;
    }
}
