package io.syncmaster.worker.celery;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);

    @Test
    void baseDelayGrowsExponentiallyUpToTheCap() {
        assertThat(policy.baseDelay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.baseDelay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.baseDelay(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(policy.baseDelay(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.baseDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void jitteredDelayStaysBetweenHalfAndFullBaseAndVaries() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            Duration base = policy.baseDelay(attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(policy.delay(attempt)).isBetween(base.dividedBy(2), base);
            }
        }
        assertThat(IntStream.range(0, 50).mapToObj(i -> policy.delay(3)).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void defaultsStartAtOneSecondAndCapAtThirty() {
        BackoffPolicy defaults = BackoffPolicy.defaults();

        assertThat(defaults.baseDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.baseDelay(100)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1), 2))
                .hasMessageContaining("initial backoff must be positive");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
                .hasMessageContaining("shorter than initial");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), Double.NaN))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> policy.delay(0)).hasMessageContaining("attempt must be >= 1");
    }
}
