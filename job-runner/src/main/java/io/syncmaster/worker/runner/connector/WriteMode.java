package io.syncmaster.worker.runner.connector;

/** How a target takes the rows (transfer-semantics §3.6, §4.5). */
public enum WriteMode {
    /**
     * {@code replace_entire_table}: afterwards the target holds exactly the written rows. Readers of the target see
     * either the old content or the new one, never a missing or half-written target (staging + swap or atomic rename,
     * per database; see docs/connectors.md). File targets add new files under temporary names and rename at the end.
     */
    REPLACE,
    /** {@code append}: the rows are added to the existing target (incremental runs after the first). */
    APPEND
}
