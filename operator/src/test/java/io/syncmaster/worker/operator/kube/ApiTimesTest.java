package io.syncmaster.worker.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ApiTimesTest {
    @Test
    void microTimeHasExactlySixFractionalDigitsWhateverTheInstantsPrecision() {
        assertThat(ApiTimes.microTime(Instant.parse("2026-12-01T22:24:35.685976130Z"))).isEqualTo("2026-12-01T22:24:35.685976Z");
        assertThat(ApiTimes.microTime(Instant.parse("2026-12-01T22:24:35.100Z"))).isEqualTo("2026-12-01T22:24:35.100000Z");
        assertThat(ApiTimes.microTime(Instant.parse("2026-12-01T22:24:35Z"))).isEqualTo("2026-12-01T22:24:35.000000Z");
        assertThat(ApiTimes.microTimeOf(Instant.parse("2026-12-01T22:24:35Z")).getTime()).isEqualTo("2026-12-01T22:24:35.000000Z");
        assertThat(ApiTimes.microTime(OffsetDateTime.parse("2026-12-02T01:24:35.5+03:00"))).isEqualTo("2026-12-01T22:24:35.500000Z");
        assertThat(ApiTimes.microTime((OffsetDateTime) null)).isNull();
    }

    @Test
    void timeHasWholeSecondsInUtc() {
        assertThat(ApiTimes.time(Instant.parse("2026-12-01T22:24:35.999999Z"))).isEqualTo("2026-12-01T22:24:35Z");
    }

    @Test
    void fixedWidthTextSortsAsTheInstantsDo() {
        String whole = ApiTimes.microTime(Instant.parse("2026-12-01T22:24:35Z"));
        String later = ApiTimes.microTime(Instant.parse("2026-12-01T22:24:35.1Z"));
        assertThat(whole).isLessThan(later);
    }

    @Test
    void parsesBothFormatsAndMeasuresSince() {
        Instant now = Instant.parse("2026-12-01T22:24:45Z");
        assertThat(ApiTimes.parse("2026-12-01T22:24:35.685976Z")).isEqualTo(Instant.parse("2026-12-01T22:24:35.685976Z"));
        assertThat(ApiTimes.since("2026-12-01T22:24:35Z", now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(ApiTimes.since(null, now)).isNull();
    }
}
