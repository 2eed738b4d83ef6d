package io.syncmaster.worker.runner.connector;

import java.util.Optional;

/**
 * MIN and MAX of an incremental column over the filtered rows at or above the stored HWM (transfer-semantics §4.6
 * step 2), with the column's HWM kind. Both bounds are empty when no row qualifies.
 */
public record ColumnRange(ColumnValue.Kind kind, Optional<ColumnValue> min, Optional<ColumnValue> max) {
    public boolean isEmpty() {
        return max.isEmpty();
    }
}
