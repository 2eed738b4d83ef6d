package io.syncmaster.worker.runner.connector;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One validated target: a database table or a file directory.
 *
 * <p>Staging objects (a staging table, a temporary directory) are named with {@link RunIdentity#staging()}, so they
 * are deterministic per transfer: {@link #cleanUpStale} removes what a killed run of the same transfer left, and
 * {@link #abort} removes this run's own at once when the process is told to stop.
 */
public interface Target extends ConnectorSide {
    /**
     * Writes {@code data}. The target normalises column names for its database (transfer-semantics §4.5: lower case,
     * Oracle upper case) and creates the table if it does not exist. With {@link WriteMode#REPLACE} the target is
     * never missing or half-written; on failure it is exactly as before and this run's staging is gone.
     */
    WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode);

    /**
     * Removes staging objects of this transfer left by other runs (a run killed with SIGKILL cannot clean up).
     * Called after {@link #check} and before the read. Best effort: a failure is logged, not fatal.
     */
    void cleanUpStale(RunEnvironment env);

    /**
     * Removes this run's staging objects now: the process is stopping (SIGTERM). Called from a shutdown hook while
     * {@link #write} may still be running on another thread, so it opens its own connection and must not wait for
     * the write. Idempotent, quiet (logs, never throws), and never touches the target itself.
     */
    void abort();
}
