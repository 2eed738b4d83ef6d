package io.syncmaster.worker.runner.connector.file;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The worker setting {@code worker.hdfs_clusters} (new in this worker; upstream resolves clusters through site
 * hooks): an HDFS connection's {@code cluster} name → its namenodes' RPC addresses, e.g.
 * <pre>
 * worker:
 *   hdfs_clusters:
 *     prod-cluster:
 *       namenodes: ["nn1.example.com:8020", "nn2.example.com:8020"]
 * </pre>
 * or {@code SYNCMASTER__WORKER__HDFS_CLUSTERS='{"prod-cluster": {"namenodes": ["nn1:8020"]}}'}. The port defaults
 * to 8020. See docs/files.md.
 */
public final class HdfsClusters {
    public static final String SETTING = "worker.hdfs_clusters";
    static final int DEFAULT_IPC_PORT = 8020;

    /** One namenode's RPC address. */
    public record Namenode(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final Map<String, List<Namenode>> clusters;

    private HdfsClusters(Map<String, List<Namenode>> clusters) {
        this.clusters = Map.copyOf(clusters);
    }

    public static HdfsClusters none() {
        return new HdfsClusters(Map.of());
    }

    /** Parses the setting's value (absent or null: no cluster). */
    public static HdfsClusters parse(Optional<JsonNode> setting) {
        if (setting.isEmpty() || setting.get().isNull()) {
            return none();
        }
        JsonNode node = setting.get();
        if (!node.isObject()) {
            throw invalid("", "must map cluster names to {\"namenodes\": [\"host:port\", ...]}");
        }
        Map<String, List<Namenode>> clusters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode list = entry.getValue().isArray() ? entry.getValue() : entry.getValue().path("namenodes");
            if (!list.isArray() || list.isEmpty()) {
                throw invalid("." + entry.getKey() + ".namenodes", "must be a non-empty list of \"host:port\"");
            }
            List<Namenode> namenodes = new ArrayList<>();
            for (JsonNode address : list) {
                namenodes.add(namenode(entry.getKey(), address.asText("")));
            }
            clusters.put(entry.getKey(), List.copyOf(namenodes));
        }
        return new HdfsClusters(clusters);
    }

    /** The namenodes of {@code cluster}, empty when the setting does not list it. */
    public Optional<List<Namenode>> namenodes(String cluster) {
        return Optional.ofNullable(clusters.get(cluster));
    }

    private static Namenode namenode(String cluster, String address) {
        String host = address;
        int port = DEFAULT_IPC_PORT;
        int colon = address.lastIndexOf(':');
        if (colon > 0) {
            host = address.substring(0, colon);
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw invalid("." + cluster + ".namenodes", "entry '" + address + "' is not host or host:port");
        }
        return new Namenode(host, port);
    }

    private static RunFailure invalid(String key, String problem) {
        return new RunFailure(FailureSide.SETUP, SETTING + key + " " + problem);
    }
}
