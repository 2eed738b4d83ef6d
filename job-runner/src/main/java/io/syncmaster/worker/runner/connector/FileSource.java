package io.syncmaster.worker.runner.connector;

import java.util.List;

import io.syncmaster.worker.runner.transform.Transformations;

/**
 * A file source: it lists its directory with metadata, so that the controller's strategy can choose files
 * (incremental by name or modification time) before {@link #read} with a {@link ReadScope.Files} scope.
 */
public interface FileSource extends Source {
    /**
     * The files under the source directory (recursively) that pass the transfer's file metadata filters, without
     * directories.
     */
    List<FileEntry> list(RunEnvironment env, Transformations transformations);
}
