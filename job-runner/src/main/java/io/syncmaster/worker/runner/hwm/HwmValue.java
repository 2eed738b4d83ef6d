package io.syncmaster.worker.runner.hwm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.syncmaster.worker.runner.connector.ColumnValue;

/**
 * The value of a high-water mark, one record per etl-entities HWM class (hwm-contract §1.7). Typed values instead
 * of raw JSON so that a window literal or a comparison can never mix an integer with a timestamp.
 */
public sealed interface HwmValue {

    /** The type this value belongs to. */
    HwmType type();

    /**
     * A column HWM ({@code ColumnIntHWM}, {@code ColumnDateHWM}, {@code ColumnDateTimeHWM}): the connector's own
     * column value, so that the window a source renders and the value stored are one type. Numbers must be integral
     * (etl-entities' ColumnIntHWM also holds decimal and floating-point columns, but only integral values).
     */
    record Column(ColumnValue value) implements HwmValue {
        public Column {
            Objects.requireNonNull(value, "value");
            if (value instanceof ColumnValue.Number number) {
                try {
                    value = new ColumnValue.Number(new BigDecimal(number.value().toBigIntegerExact()));
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("column_int value " + number.value().toPlainString()
                            + " is not an integer");
                }
            }
        }

        public static Column of(long number) {
            return new Column(new ColumnValue.Number(BigDecimal.valueOf(number)));
        }

        public static Column of(BigInteger number) {
            return new Column(new ColumnValue.Number(new BigDecimal(number)));
        }

        public static Column of(LocalDate date) {
            return new Column(new ColumnValue.Date(date));
        }

        public static Column of(LocalDateTime timestamp) {
            return new Column(new ColumnValue.Timestamp(timestamp));
        }

        @Override
        public HwmType type() {
            return HwmType.of(value.kind());
        }
    }

    /** {@code FileListHWM}: the absolute remote paths already read. A set: upstream's order is arbitrary. */
    record FileList(Set<String> paths) implements HwmValue {
        public FileList {
            paths = Set.copyOf(new TreeSet<>(paths));
        }

        @Override
        public HwmType type() {
            return HwmType.FILE_LIST;
        }
    }

    /** {@code FileModifiedTimeHWM}: the newest modification time read, always with an offset (UTC). */
    record FileModificationTime(OffsetDateTime value) implements HwmValue {
        public FileModificationTime {
            value = Objects.requireNonNull(value, "value").withOffsetSameInstant(ZoneOffset.UTC);
        }

        @Override
        public HwmType type() {
            return HwmType.FILE_MODIFICATION_TIME;
        }
    }
}
