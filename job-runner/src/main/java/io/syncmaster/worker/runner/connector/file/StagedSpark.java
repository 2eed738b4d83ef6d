package io.syncmaster.worker.runner.connector.file;

import java.util.Map;

/**
 * The Spark setting every staged side (sftp, ftp, ftps, webdav, samba) asks for: the downloaded or written files
 * live on the run pod's disk, which executors on Kubernetes cannot see, so Spark runs locally in the run pod with
 * all its cores (upstream requires a local master for these types and fails otherwise).
 */
final class StagedSpark {
    static final Map<String, String> LOCAL = Map.of("spark.master", "local[*]");

    private StagedSpark() {
    }
}
