package io.syncmaster.worker.runner.connector;

import java.util.List;
import java.util.Optional;

/**
 * Which part of a source one run reads; the strategy (full or incremental) decides it, the source renders it.
 * A source that cannot serve a scope (a database asked for files) fails as a setup error.
 */
public sealed interface ReadScope {
    /** Everything that passes the row filters (strategy full). */
    record All() implements ReadScope {
    }

    /**
     * Rows whose {@code column} lies in {@code (lowExclusive, highInclusive]} (transfer-semantics §4.6 step 2); an
     * empty bound is open. {@code column} is the source column name as the user wrote it ({@code increment_by});
     * the source quotes it.
     */
    record ColumnWindow(String column, Optional<ColumnValue> lowExclusive, Optional<ColumnValue> highInclusive)
            implements ReadScope {
    }

    /**
     * No rows, but the source's (filtered, projected) schema: the incremental read when MIN and MAX were both NULL
     * (upstream's {@code WHERE 1 = 0}). A replace write of it leaves an empty table with the right columns.
     */
    record NoRows() implements ReadScope {
    }

    /** Exactly these files of a file source (incremental by file name or modification time). */
    record Files(List<FileEntry> files) implements ReadScope {
        public Files {
            files = List.copyOf(files);
        }
    }
}
