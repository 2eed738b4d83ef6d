package io.syncmaster.worker.runner.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.FileFixtures;
import io.syncmaster.worker.runner.support.FileTransfers;
import io.syncmaster.worker.runner.support.HdfsServer;
import io.syncmaster.worker.runner.support.Plans;

/**
 * HDFS against an in-process MiniDFSCluster: checklist #41 and #42 plus the file semantics; the cluster name is
 * resolved through {@code worker.hdfs_clusters}, and with two namenodes (one of them dead) through an HA
 * nameservice whose client fails over to the live one.
 */
class HdfsConnectorTest extends FileConnectorContract {
    private static final String CLUSTER = "test-hive";
    private HdfsServer server;

    @Override
    String type() {
        return "hdfs";
    }

    @Override
    Connector connector() {
        return new HdfsConnector(HdfsClusters.parse(Optional.of(Plans.json(
                "{\"" + CLUSTER + "\": {\"namenodes\": [\"127.0.0.1:" + server.namenodePort() + "\"]}}"))));
    }

    @Override
    ObjectNode connection() {
        return Plans.JSON.createObjectNode().put("cluster", CLUSTER).put("user", "syncmaster").put("password", "unused");
    }

    @Override
    String root() {
        return server.uri();
    }

    @Override
    void startServer(Path directory) throws Exception {
        server = HdfsServer.start(directory);
    }

    @Override
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Checklist #42: csv lz4, jsonline, excel, orc snappy, parquet lz4, xml snappy. */
    @Override
    Stream<Arguments> targetFormats() {
        return checklistTargets42And47();
    }

    @Test
    void twoNamenodesBecomeAnHaNameserviceThatFailsOverToTheLiveOne() {
        int dead;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            dead = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        HdfsConnector ha = new HdfsConnector(HdfsClusters.parse(Optional.of(Plans.json("{\"ha-cluster\": [\"127.0.0.1:" + dead
                + "\", \"127.0.0.1:" + server.namenodePort() + "\"]}"))));
        ObjectNode merged = Plans.JSON.createObjectNode().put("cluster", "ha-cluster").put("user", "u").put("password", "p");
        var source = (HadoopFileSource) ha.source(FileTransfers.side(FailureSide.SOURCE, "hdfs", merged,
                FileFixtures.sourceParams("hdfs", "/source/parquet", FileFixtures.format(PARQUET), true), run()));
        source.check(env);
        assertThat(source.list(env, io.syncmaster.worker.runner.transform.Transformations.none()))
                .anyMatch(f -> f.path().startsWith("/source/parquet/part-"));
        assertThat(source.describe()).contains("ha-cluster");
    }

    @Test
    void anUnknownClusterFailsNamingTheSetting() {
        ObjectNode merged = Plans.JSON.createObjectNode().put("cluster", "nowhere").put("user", "u").put("password", "p");
        var source = connector().source(FileTransfers.side(FailureSide.SOURCE, "hdfs", merged,
                FileFixtures.sourceParams("hdfs", "/source/csv", FileFixtures.format(CSV), true), run()));
        assertThatThrownBy(() -> source.check(env)).isInstanceOf(RunFailure.class)
                .hasMessageContaining("nowhere").hasMessageContaining(HdfsClusters.SETTING);
    }
}
