package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staging directory lives under the run's temp dir, is private, and is gone after close, also after a failure. */
class StagingDirectoryTest {
    @TempDir
    Path runTemp;

    @Test
    void createdPrivateUnderTheRunDirectoryAndRemovedWithItsContent() throws Exception {
        Path path;
        try (StagingDirectory staging = StagingDirectory.create(runTemp, 17, "written")) {
            path = staging.path();
            assertThat(path.getParent()).isEqualTo(runTemp);
            assertThat(path.getFileName().toString()).startsWith("syncmaster_17_written_");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
            Files.createDirectories(path.resolve("a/b"));
            Files.writeString(path.resolve("a/b/part-0.csv"), "x");
        }
        assertThat(path).doesNotExist();
        assertThat(runTemp).isEmptyDirectory();
    }

    @Test
    void removedWhenTheRunFails() {
        Path[] seen = new Path[1];
        assertThatThrownBy(() -> {
            try (StagingDirectory staging = StagingDirectory.create(runTemp, 18, "downloaded")) {
                seen[0] = staging.path();
                Files.writeString(staging.path().resolve("f.csv"), "x");
                throw new IllegalStateException("the run failed");
            }
        }).hasMessage("the run failed");
        assertThat(seen[0]).doesNotExist();
    }
}
