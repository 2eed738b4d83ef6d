package io.syncmaster.worker.runner.connector.file;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * An {@code hdfs} connection: the {@code cluster} name resolved through {@link HdfsClusters}. One namenode gives
 * {@code hdfs://host:port}; several become an HA nameservice ({@code hdfs://<cluster>} with
 * {@code ConfiguredFailoverProxyProvider}), so the HDFS client finds the active namenode itself. A cluster the
 * setting does not list may still be a nameservice of the Hadoop configuration on the class path
 * ({@code hdfs-site.xml} in {@code HADOOP_CONF_DIR}).
 *
 * <p>The connection's user and password are not used: Kerberos is not supported yet, so files are read and written
 * as the job-runner's Hadoop user (docs/files.md).
 */
public record HdfsLocation(String cluster, Optional<List<HdfsClusters.Namenode>> namenodes) implements HadoopLocation {
    static final String FAILOVER_PROVIDER = "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider";

    @Override
    public String type() {
        return "hdfs";
    }

    @Override
    public String root() {
        if (namenodes.isPresent() && namenodes.get().size() == 1) {
            return "hdfs://" + namenodes.get().get(0);
        }
        return "hdfs://" + nameservice();
    }

    /** The cluster name if it is a valid URI host, else a name derived from it. */
    String nameservice() {
        String lower = cluster.toLowerCase(Locale.ROOT);
        return lower.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?") ? lower
                : "syncmaster-" + Integer.toHexString(cluster.hashCode() & 0x7fffffff);
    }

    @Override
    public Map<String, String> hadoopSettings(String clientInfo, Configuration current) {
        Map<String, String> settings = new LinkedHashMap<>();
        String ns = nameservice();
        Set<String> known = new LinkedHashSet<>(Arrays.asList(current.getTrimmedStrings("dfs.nameservices")));
        if (namenodes.isEmpty()) {
            if (!known.contains(cluster)) {
                throw new RunFailure(FailureSide.SETUP, "hdfs cluster '" + cluster + "' is not in " + HdfsClusters.SETTING
                        + " and not a nameservice of the Hadoop configuration (dfs.nameservices)");
            }
            return settings;
        }
        List<HdfsClusters.Namenode> nodes = namenodes.get();
        if (nodes.size() == 1) {
            return settings;
        }
        known.add(ns);
        settings.put("dfs.nameservices", String.join(",", known));
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            ids.append(i == 0 ? "" : ",").append("nn").append(i);
            settings.put("dfs.namenode.rpc-address." + ns + ".nn" + i, nodes.get(i).toString());
        }
        settings.put("dfs.ha.namenodes." + ns, ids.toString());
        settings.put("dfs.client.failover.proxy.provider." + ns, FAILOVER_PROVIDER);
        return settings;
    }

    @Override
    public Set<String> secrets() {
        return Set.of();
    }

    @Override
    public String describe() {
        return "hdfs cluster " + cluster + " (" + namenodes.map(List::toString).orElse("from the Hadoop configuration") + ")";
    }
}
