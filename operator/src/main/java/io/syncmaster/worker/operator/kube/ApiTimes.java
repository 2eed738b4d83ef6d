package io.syncmaster.worker.operator.kube;

import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The two timestamp formats of the Kubernetes API, written one way everywhere. kube-apiserver parses a
 * {@code MicroTime} (Event {@code eventTime}, Lease {@code renewTime}) with the Go layout
 * {@code 2006-01-02T15:04:05.000000Z07:00}, so anything but exactly six fractional digits is a 400; a {@code Time}
 * (conditions' {@code lastTransitionTime}, {@code creationTimestamp}) is RFC 3339 and stored with whole seconds.
 * Fixed-width text also sorts like the instants it stands for.
 */
public final class ApiTimes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private ApiTimes() {
    }

    /** A {@code metav1.Time}: UTC, whole seconds, e.g. {@code 2026-12-01T22:24:35Z}. */
    public static String time(Instant instant) {
        return TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** A {@code metav1.MicroTime}: UTC, exactly six fractional digits, e.g. {@code 2026-12-01T22:24:35.685976Z}. */
    public static String microTime(Instant instant) {
        return MICRO_TIME.format(instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }

    /** {@link #microTime(Instant)} of a database timestamp (PostgreSQL keeps microseconds); null stays null. */
    public static String microTime(OffsetDateTime time) {
        return time == null ? null : microTime(time.toInstant());
    }

    /** {@link #microTime(Instant)} as fabric8's model type. */
    public static MicroTime microTimeOf(Instant instant) {
        return new MicroTime(microTime(instant));
    }

    /** Parses either format (any RFC 3339 timestamp); null stays null. */
    public static Instant parse(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    /** Time elapsed since {@code text}, or null when {@code text} is null. */
    public static Duration since(String text, Instant now) {
        Instant then = parse(text);
        return then == null ? null : Duration.between(then, now);
    }
}
