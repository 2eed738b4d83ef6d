package io.syncmaster.worker.runner.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.syncmaster.worker.runner.failure.RunFailure;

/** file_name_template rendering and the API's validation rules (transfer-semantics §3.1, §4.4). */
class FileNameTemplateTest {
    private static final LocalDateTime CREATED = LocalDateTime.of(2026, 1, 27, 10, 15, 3);

    @Test
    void rendersEveryPlaceholder() {
        assertThat(FileNameTemplate.parse(null).render(0, "csv.gz", 42, CREATED)).isEqualTo("2026_01_27_10_15_03-0.csv.gz");
        assertThat(FileNameTemplate.parse("run_{run_id}-part_{index}.{extension}").render(3, "snappy.parquet", 42, CREATED))
                .isEqualTo("run_42-part_3.snappy.parquet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{run_id}.{extension}", "{run_id}-{index}", "{index}.{extension}", "{run_id}-{index}.{extension}/x",
        "{run_id}-{index}.{extension}-{user}", "{run_id}-{index}.{extension} ", "{{run_id}-{index}.{extension}"})
    void refusesWhatTheApiRefuses(String template) {
        assertThatThrownBy(() -> FileNameTemplate.parse(template)).isInstanceOf(RunFailure.class)
                .hasMessageContaining("transfer.target_params.file_name_template");
    }

    @Test
    void directoryPathsMustBeAbsoluteAndAreNormalised() {
        assertThat(FilePaths.directory("/data//in/", io.syncmaster.worker.runner.failure.FailureSide.TARGET, "d")).isEqualTo("/data/in");
        assertThat(FilePaths.directory("/", io.syncmaster.worker.runner.failure.FailureSide.TARGET, "d")).isEqualTo("/");
        assertThatThrownBy(() -> FilePaths.directory("data", io.syncmaster.worker.runner.failure.FailureSide.TARGET, "d"))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> FilePaths.directory("/a/../b", io.syncmaster.worker.runner.failure.FailureSide.TARGET, "d"))
                .hasMessageContaining("'..'");
    }
}
