package io.syncmaster.worker.runner.transform;

/** One condition of a {@code dataframe_rows_filter}: {@code field <operator> value} ({@code value} null for null checks). */
public record RowFilter(String field, FilterOperator operator, String value) {
}
