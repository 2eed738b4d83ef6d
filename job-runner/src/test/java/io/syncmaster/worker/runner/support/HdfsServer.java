package io.syncmaster.worker.runner.support;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS for tests: Hadoop's MiniDFSCluster (one namenode, one datanode) in this JVM, data under the test's
 * directory in target/. Stopped by {@link #close()}.
 */
public final class HdfsServer implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private HdfsServer(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    public static HdfsServer start(Path baseDirectory) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDirectory.toAbsolutePath().toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDirectory.toFile()).numDataNodes(1).format(true).build();
        cluster.waitActive();
        return new HdfsServer(cluster);
    }

    public int namenodePort() {
        return cluster.getNameNodePort();
    }

    public String uri() {
        return "hdfs://127.0.0.1:" + namenodePort();
    }

    public FileSystem fileSystem() throws IOException {
        return cluster.getFileSystem();
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
