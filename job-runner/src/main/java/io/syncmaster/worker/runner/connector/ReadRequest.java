package io.syncmaster.worker.runner.connector;

import io.syncmaster.worker.runner.transform.Transformations;

/**
 * What the controller asks a source for.
 *
 * @param transformations the transfer's row and column filters (only the source applies them, transfer-semantics §3.5)
 * @param parallelism     {@code resources.max_parallel_tasks}: the number of partitions a parallel read may use
 * @param scope           everything, an incremental window, nothing, or chosen files
 */
public record ReadRequest(Transformations transformations, int parallelism, ReadScope scope) {
    public ReadRequest {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** The whole (filtered) source. */
    public static ReadRequest all(Transformations transformations, int parallelism) {
        return new ReadRequest(transformations, parallelism, new ReadScope.All());
    }
}
