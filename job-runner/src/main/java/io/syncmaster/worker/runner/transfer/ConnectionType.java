package io.syncmaster.worker.runner.transfer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.syncmaster.worker.capability.WorkerCapabilities;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The fourteen connection types SyncMaster knows. Whether this job-runner can move data for one is decided by the
 * single list {@link WorkerCapabilities#CONNECTION_TYPES} (the operator checks it before claiming a run).
 * Unsupported types fail the run with a clear message instead of pretending to work.
 */
public enum ConnectionType {
    POSTGRES, MYSQL, ORACLE, CLICKHOUSE, MSSQL, HIVE, ICEBERG, S3, HDFS, SFTP, FTP, FTPS, SAMBA, WEBDAV;

    public String typeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean supported() {
        return WorkerCapabilities.supportsConnectionType(typeName());
    }

    public static Optional<ConnectionType> find(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName().equals(typeName)).findFirst();
    }

    /** The type named {@code typeName}, which must be known and supported by this runner. */
    public static ConnectionType supportedOrFail(String typeName, FailureSide side, String what) {
        ConnectionType type = find(typeName).orElseThrow(() -> new RunFailure(side,
                what + ": unknown connection type '" + typeName + "'"));
        if (!type.supported()) {
            throw new RunFailure(side, what + ": connection type " + typeName + " is not supported by this job-runner yet");
        }
        return type;
    }
}
