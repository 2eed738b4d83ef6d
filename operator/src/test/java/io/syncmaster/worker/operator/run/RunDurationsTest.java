package io.syncmaster.worker.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunDurationsTest {
    @Test
    void readsLikeKubectlAges() {
        assertThat(RunDurations.format(Duration.ofMillis(-5))).isEqualTo("0s");
        assertThat(RunDurations.format(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(RunDurations.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(RunDurations.format(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(RunDurations.format(Duration.ofMinutes(125))).isEqualTo("2h5m");
        assertThat(RunDurations.format(Duration.ofHours(50))).isEqualTo("2d2h");
    }
}
