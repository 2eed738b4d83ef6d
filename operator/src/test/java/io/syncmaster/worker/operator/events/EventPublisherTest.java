package io.syncmaster.worker.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventPublisherTest {
    @Test
    void aNoteIsCutAtOneKilobyteOfUtf8NeverInsideACharacter() {
        assertThat(EventPublisher.truncate("short")).isEqualTo("short");
        String ascii = EventPublisher.truncate("x".repeat(5000));
        assertThat(ascii.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(ascii).endsWith("…");
        // Two-byte characters: 1,024 characters would be 2,048 bytes, which kube-apiserver refuses.
        String accented = EventPublisher.truncate("é".repeat(1000));
        assertThat(accented.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(accented).matches("é+…");
        String exactlyLimit = "y".repeat(1024);
        assertThat(EventPublisher.truncate(exactlyLimit)).isEqualTo(exactlyLimit);
    }

    @Test
    void anEventNameStaysAValidSubdomainForTheLongestRegardingName() {
        assertThat(EventPublisher.eventName("run-7")).matches("run-7\\.[0-9a-f]{16}");
        String longest = "q".repeat(252) + "-";
        assertThat(EventPublisher.eventName(longest)).hasSizeLessThanOrEqualTo(253).matches("q+\\.[0-9a-f]{16}");
    }
}
