package io.syncmaster.worker.runner.connector.file;

import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The Spark setting every staged side (sftp, ftp, ftps, webdav, samba) asks for: the downloaded or written files
 * live on the run pod's disk, which executors on Kubernetes cannot see, so Spark runs locally in the run pod with
 * all its cores (upstream requires a local master for these types and fails otherwise).
 */
final class StagedSpark {
    static final Map<String, String> LOCAL = Map.of("spark.master", "local[*]");

    private StagedSpark() {
    }

    /**
     * Fails the run when the session is not local after all (a command-line {@code spark.master}, e.g. executors
     * on Kubernetes, won over {@link #LOCAL}): executors would not find the staged files.
     */
    static void requireLocal(SparkSession spark, String type, FailureSide side) {
        if (!spark.sparkContext().isLocal()) {
            throw new RunFailure(FailureSide.SETUP, side.label() + " connection (" + type + "): a staged type needs Spark "
                    + "to run locally in the run pod, but the session's master is " + spark.sparkContext().master());
        }
    }
}
