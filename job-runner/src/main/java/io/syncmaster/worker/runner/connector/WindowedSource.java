package io.syncmaster.worker.runner.connector;

import java.util.Optional;

import io.syncmaster.worker.runner.transform.Transformations;

/**
 * A database source that can serve the incremental strategy: it measures its increment column once, with one
 * aggregate query on the database ({@code SELECT MIN(E), MAX(E) … WHERE <row filters> [AND E >= from]}), never by
 * scanning the data a second time, and it reads {@link ReadScope.ColumnWindow} scopes.
 */
public interface WindowedSource extends Source {
    /**
     * MIN/MAX of {@code column} over the rows that pass the row filters and, when {@code from} is present, have
     * {@code column >= from} (inclusive, as upstream).
     *
     * @param column the source column name as the user wrote it ({@code increment_by}); the source quotes it
     * @throws io.syncmaster.worker.runner.failure.RunFailure on the source side when the column does not exist or its
     *         type is not a number, date or timestamp
     */
    ColumnRange range(RunEnvironment env, String column, Transformations transformations, Optional<ColumnValue> from);
}
