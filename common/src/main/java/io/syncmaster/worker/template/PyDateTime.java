package io.syncmaster.worker.template;

import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A timezone-aware Python {@code datetime} inside a Jinjava template.
 *
 * <p>Renders like Python's {@code str(datetime)}: {@code 2025-01-02 03:04:05.123456+00:00}, without the fraction
 * when the microseconds are 0. Offers the attributes ({@code year} ... {@code microsecond}) and the methods
 * ({@code isoformat()}, {@code timestamp()}, {@code strftime(fmt)}) a log URL template may reasonably use.
 * Values are shown in UTC, the zone SyncMaster writes.
 */
public final class PyDateTime implements PyishSerializable {

    private final OffsetDateTime value;

    public PyDateTime(OffsetDateTime value) {
        this.value = Objects.requireNonNull(value, "value").withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Python's {@code str(dt)}. */
    public static String pythonStr(OffsetDateTime value) {
        return format(value.withOffsetSameInstant(ZoneOffset.UTC), ' ');
    }

    private static String format(OffsetDateTime v, char separator) {
        StringBuilder sb = new StringBuilder(32);
        sb.append(String.format("%04d-%02d-%02d", v.getYear(), v.getMonthValue(), v.getDayOfMonth()))
                .append(separator)
                .append(String.format("%02d:%02d:%02d", v.getHour(), v.getMinute(), v.getSecond()));
        int micros = v.getNano() / 1000;
        if (micros != 0) {
            sb.append(String.format(".%06d", micros));
        }
        int offsetSeconds = v.getOffset().getTotalSeconds();
        int abs = Math.abs(offsetSeconds);
        sb.append(offsetSeconds < 0 ? '-' : '+')
                .append(String.format("%02d:%02d", abs / 3600, (abs % 3600) / 60));
        if (abs % 60 != 0) {
            sb.append(String.format(":%02d", abs % 60));
        }
        return sb.toString();
    }

    public int getYear() {
        return value.getYear();
    }

    public int getMonth() {
        return value.getMonthValue();
    }

    public int getDay() {
        return value.getDayOfMonth();
    }

    public int getHour() {
        return value.getHour();
    }

    public int getMinute() {
        return value.getMinute();
    }

    public int getSecond() {
        return value.getSecond();
    }

    public int getMicrosecond() {
        return value.getNano() / 1000;
    }

    /** Python's {@code dt.isoformat()}: {@code 2025-01-02T03:04:05.123456+00:00}. */
    public String isoformat() {
        return format(value, 'T');
    }

    /** Python's {@code dt.timestamp()}: seconds since the epoch as a float. */
    public double timestamp() {
        return value.toEpochSecond() + value.getNano() / 1_000_000_000.0;
    }

    /** Python's {@code dt.strftime(fmt)}, through Jinjava's strftime implementation. */
    public String strftime(String pattern) {
        return StrftimeFormatter.format(value.toZonedDateTime(), pattern);
    }

    /** The wrapped value (UTC). */
    public OffsetDateTime toOffsetDateTime() {
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        return (T) appendable.append(toString());
    }

    @Override
    public String toString() {
        return format(value, ' ');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyDateTime other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
