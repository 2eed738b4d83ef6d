package io.syncmaster.worker.runner.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Finds the {@link Connector} for SyncMaster's connection type string. Connectors are listed in
 * {@code META-INF/services/io.syncmaster.worker.runner.connector.Connector} (one class per line), so adding a
 * connection type is one class, its tests and one line there: nothing else changes.
 */
public final class ConnectorRegistry {
    /** The fourteen type names SyncMaster's API can store (transfer-semantics §2). */
    public static final Set<String> SYNCMASTER_TYPES = Set.of("postgres", "oracle", "clickhouse", "mssql", "mysql", "hive",
            "iceberg", "s3", "hdfs", "sftp", "ftp", "ftps", "samba", "webdav");

    private final Map<String, Connector> byType;

    public ConnectorRegistry(List<? extends Connector> connectors) {
        Map<String, Connector> map = new LinkedHashMap<>();
        for (Connector connector : connectors) {
            Connector previous = map.put(connector.type(), connector);
            if (previous != null) {
                throw new IllegalStateException("two connectors for type " + connector.type() + ": "
                        + previous.getClass().getName() + " and " + connector.getClass().getName());
            }
        }
        this.byType = Map.copyOf(map);
    }

    /** The connectors on the class path ({@link ServiceLoader}). */
    public static ConnectorRegistry discover() {
        return new ConnectorRegistry(ServiceLoader.load(Connector.class, ConnectorRegistry.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList());
    }

    /**
     * The connector for {@code type}.
     *
     * @param what how the connection is named in the message, e.g. {@code source connection 12}
     * @throws RunFailure on {@code side}: an unknown type, or one SyncMaster knows but this runner does not support yet
     */
    public Connector find(String type, FailureSide side, String what) {
        Connector connector = byType.get(type);
        if (connector != null) {
            return connector;
        }
        if (SYNCMASTER_TYPES.contains(type)) {
            throw new RunFailure(side, what + ": connection type " + type + " is not supported by this job-runner yet");
        }
        throw new RunFailure(side, what + ": unknown connection type '" + type + "'");
    }

    public Set<String> types() {
        return byType.keySet();
    }
}
