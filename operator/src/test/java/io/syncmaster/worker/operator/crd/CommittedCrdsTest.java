package io.syncmaster.worker.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed in {@code crds/} (and shipped by the Helm chart) must be exactly what the crd-generator
 * produces from the Java model of this build. Fix with {@code cp operator/target/classes/META-INF/fabric8/*.yml crds/}.
 */
class CommittedCrdsTest {
    private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    private static final Path COMMITTED = Path.of("..", "crds");

    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        List<Path> generated;
        try (Stream<Path> files = Files.list(GENERATED)) {
            generated = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(generated).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("syncworkerqueues.syncmaster.io-v1.yml", "transferruns.syncmaster.io-v1.yml");
        for (Path file : generated) {
            Path committed = COMMITTED.resolve(file.getFileName());
            assertThat(committed).as("committed CRD %s (copy it from %s)", committed, file).exists();
            assertThat(Files.readString(committed)).as("crds/%s is stale: copy %s over it", file.getFileName(), file)
                    .isEqualTo(Files.readString(file));
        }
    }
}
