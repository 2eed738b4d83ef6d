package io.syncmaster.worker.runner.transform;

/**
 * One entry of a {@code dataframe_columns_filter}: the projection is a whitelist, one output column per entry,
 * in list order (transfer-semantics §3.5).
 */
public sealed interface ColumnFilter {
    /** The source column the output is computed from. */
    String field();

    /** Output the column as is. */
    record Include(String field) implements ColumnFilter {
    }

    /** Output the column under another name. */
    record Rename(String field, String to) implements ColumnFilter {
    }

    /** Output {@code CAST(field AS asType)} under the column's own name. */
    record Cast(String field, String asType) implements ColumnFilter {
    }
}
