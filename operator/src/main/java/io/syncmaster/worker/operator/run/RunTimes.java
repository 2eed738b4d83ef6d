package io.syncmaster.worker.operator.run;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as stored in CR status, and durations since them. */
public final class RunTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private RunTimes() {
    }

    /** Formats with microsecond precision in UTC, the precision of PostgreSQL's timestamptz. */
    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    public static String format(OffsetDateTime time) {
        return time == null ? null : format(time.toInstant());
    }

    public static Instant parse(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    /** Time elapsed since {@code text}, or null when {@code text} is null. */
    public static Duration since(String text, Instant now) {
        Instant then = parse(text);
        return then == null ? null : Duration.between(then, now);
    }
}
