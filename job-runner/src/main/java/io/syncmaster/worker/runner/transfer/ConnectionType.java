package io.syncmaster.worker.runner.transfer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The fourteen connection types SyncMaster knows, and whether this job-runner can move data for them yet.
 * Unsupported types fail the run with a clear message instead of pretending to work.
 */
public enum ConnectionType {
    POSTGRES(true), MYSQL(true),
    ORACLE(false), CLICKHOUSE(false), MSSQL(false), HIVE(false), ICEBERG(false),
    S3(false), HDFS(false), SFTP(false), FTP(false), FTPS(false), SAMBA(false), WEBDAV(false);

    private final boolean supported;

    ConnectionType(boolean supported) {
        this.supported = supported;
    }

    public String typeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean supported() {
        return supported;
    }

    public static Optional<ConnectionType> find(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName().equals(typeName)).findFirst();
    }

    /** The type named {@code typeName}, which must be known and supported by this runner. */
    public static ConnectionType supportedOrFail(String typeName, FailureSide side, String what) {
        ConnectionType type = find(typeName).orElseThrow(() -> new RunFailure(side,
                what + ": unknown connection type '" + typeName + "'"));
        if (!type.supported) {
            throw new RunFailure(side, what + ": connection type " + typeName + " is not supported by this job-runner yet");
        }
        return type;
    }
}
