package io.syncmaster.worker.runner.connector;

/**
 * Everything the job-runner knows about one SyncMaster connection type ({@code postgres}, {@code s3}, …): one class
 * per type, found by {@link ConnectorRegistry} under {@link #type()}.
 *
 * <p>A connector owns its connection JSON ({@code connection.data} merged with the decrypted {@code auth_data}) and
 * its {@code source_params}/{@code target_params}. {@link #source} and {@link #target} only <em>validate</em>: they
 * must not open a connection, touch a file or start Spark, so that a bad transfer fails in milliseconds with a
 * message naming the field ({@link Fields} helps), before anything else happens. The I/O starts with
 * {@link ConnectorSide#check}.
 *
 * <p>A type that can only be read (or only written) throws a {@code RunFailure} from the other method; the default
 * implementations say "not supported".
 */
public interface Connector {
    /** SyncMaster's connection type string, exactly as stored in {@code connection.type}. */
    String type();

    /**
     * Validates the connection and {@code source_params} (no I/O) and returns the source they describe.
     *
     * @throws io.syncmaster.worker.runner.failure.RunFailure on {@code FailureSide.SOURCE}, naming the bad field
     */
    default Source source(SideSpec spec) {
        throw spec.fail("connection type " + type() + " cannot be used as a source by this job-runner yet");
    }

    /**
     * Validates the connection and {@code target_params} (no I/O) and returns the target they describe.
     *
     * @throws io.syncmaster.worker.runner.failure.RunFailure on {@code FailureSide.TARGET}, naming the bad field
     */
    default Target target(SideSpec spec) {
        throw spec.fail("connection type " + type() + " cannot be used as a target by this job-runner yet");
    }
}
