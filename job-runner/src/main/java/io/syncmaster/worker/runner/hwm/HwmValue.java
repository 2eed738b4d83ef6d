package io.syncmaster.worker.runner.hwm;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The value of a high-water mark, one record per etl-entities HWM class (hwm-contract §1.7). Typed values instead
 * of raw JSON so that a window literal or a comparison can never mix an integer with a timestamp.
 */
public sealed interface HwmValue {

    /** The type this value belongs to. */
    HwmType type();

    /** {@code ColumnIntHWM}: any size (upstream sent 9223372036854775807123 unquoted). */
    record ColumnInt(BigInteger value) implements HwmValue {
        public ColumnInt {
            Objects.requireNonNull(value, "value");
        }

        public static ColumnInt of(long value) {
            return new ColumnInt(BigInteger.valueOf(value));
        }

        @Override
        public HwmType type() {
            return HwmType.COLUMN_INT;
        }
    }

    /** {@code ColumnDateHWM}. */
    record ColumnDate(LocalDate value) implements HwmValue {
        public ColumnDate {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public HwmType type() {
            return HwmType.COLUMN_DATE;
        }
    }

    /** {@code ColumnDateTimeHWM}: a naive timestamp (Spark hands back local date-times; no offset on the wire). */
    record ColumnDateTime(LocalDateTime value) implements HwmValue {
        public ColumnDateTime {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public HwmType type() {
            return HwmType.COLUMN_DATETIME;
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
