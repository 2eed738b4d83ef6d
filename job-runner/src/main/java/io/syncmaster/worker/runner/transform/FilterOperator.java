package io.syncmaster.worker.runner.transform;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The row-filter operators of a {@code dataframe_rows_filter} transformation (transfer-semantics §3.5). */
public enum FilterOperator {
    IS_NULL(false), IS_NOT_NULL(false),
    EQUAL(true), NOT_EQUAL(true), GREATER_THAN(true), GREATER_OR_EQUAL(true), LESS_THAN(true), LESS_OR_EQUAL(true),
    LIKE(true), ILIKE(true), NOT_LIKE(true), NOT_ILIKE(true), REGEXP(true);

    private final boolean takesValue;

    FilterOperator(boolean takesValue) {
        this.takesValue = takesValue;
    }

    public boolean takesValue() {
        return takesValue;
    }

    /** The name stored in the transfer JSON, e.g. {@code not_ilike}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FilterOperator> fromJson(String name) {
        return Arrays.stream(values()).filter(op -> op.jsonName().equals(name)).findFirst();
    }
}
