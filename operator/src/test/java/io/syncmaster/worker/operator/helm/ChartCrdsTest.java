package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the CRDs of {@code crds/} (themselves checked against the Java model by CommittedCrdsTest) in its
 * own {@code crds/}, byte for byte. Fix with {@code cp crds/*.yml helm/syncmaster-worker/crds/}.
 */
class ChartCrdsTest {
    private static final Path TOP_LEVEL = Path.of("..", "crds");
    private static final Path CHART = HelmChart.DIR.resolve("crds");

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void chartCrdsAreTheTopLevelCrds() throws IOException {
        List<String> expected = files(TOP_LEVEL);
        assertThat(expected).isNotEmpty();
        assertThat(files(CHART)).as("files in %s (copy them from %s)", CHART, TOP_LEVEL).containsExactlyElementsOf(expected);
        for (String file : expected) {
            assertThat(Files.readString(CHART.resolve(file)))
                    .as("helm/syncmaster-worker/crds/%s differs from crds/%s: cp crds/*.yml helm/syncmaster-worker/crds/", file, file)
                    .isEqualTo(Files.readString(TOP_LEVEL.resolve(file)));
        }
    }
}
