package io.syncmaster.worker.runner.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A value of an incremental column, typed like upstream's HWM kinds (transfer-semantics §3.3): numbers
 * ({@code column_int}), dates ({@code column_date}) and timestamps ({@code column_datetime}). Each source renders it
 * as a literal of its own dialect; the HWM store serialises it.
 */
public sealed interface ColumnValue {
    Kind kind();

    /** The HWM type a column's Spark type maps to; anything else cannot be an increment column. */
    enum Kind {
        NUMBER("column_int"), DATE("column_date"), TIMESTAMP("column_datetime");

        private final String hwmType;

        Kind(String hwmType) {
            this.hwmType = hwmType;
        }

        /** The etl-entities type name stored with the HWM. */
        public String hwmType() {
            return hwmType;
        }
    }

    /** Integral, decimal or floating-point values, exactly (BigDecimal). */
    record Number(BigDecimal value) implements ColumnValue {
        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }
    }

    record Date(LocalDate value) implements ColumnValue {
        @Override
        public Kind kind() {
            return Kind.DATE;
        }
    }

    /**
     * A timestamp as the source compares it: the wall-clock value of a column without time zone, or for a column
     * with time zone the instant as wall-clock time in the JVM's time zone (the zone the JDBC sessions use, so the
     * literal compares the same way). Microsecond precision.
     */
    record Timestamp(LocalDateTime value) implements ColumnValue {
        @Override
        public Kind kind() {
            return Kind.TIMESTAMP;
        }
    }
}
