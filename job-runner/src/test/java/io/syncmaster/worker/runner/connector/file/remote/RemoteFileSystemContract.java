package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The behaviour every {@link RemoteFileSystem} must show against its real server. A subclass starts one server for
 * the class and says how to reach it; every test works in a fresh directory of its own.
 */
abstract class RemoteFileSystemContract {
    static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path local;

    /** The connection to the class's server, authenticating with {@code password}. */
    abstract RemoteConnectionConfig config(String password);

    /** How the tests verify the server; the upstream default unless a test class says otherwise. */
    VerificationSettings verification() {
        return VerificationSettings.UPSTREAM;
    }

    RemoteFileSystem open() {
        return RemoteFileSystems.open(config(PASSWORD), verification(), FailureSide.TARGET);
    }

    static String freshDirectory() {
        return "/t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void roundTripWithListingRenameAndDelete() throws Exception {
        String base = freshDirectory();
        byte[] small = "id,name\n1,Ann\n2,Bob\n".getBytes(StandardCharsets.UTF_8);
        byte[] big = randomBytes(6 * 1024 * 1024 + 123, 42);
        Path bigLocal = Files.write(local.resolve("big.bin"), big);
        Instant before = Instant.now().minus(Duration.ofMinutes(2));
        try (RemoteFileSystem fs = open()) {
            assertThat(fs.exists(base)).isFalse();
            fs.mkdirs(base + "/a/b");
            fs.mkdirs(base + "/a/b");
            assertThat(fs.stat(base + "/a/b")).hasValueSatisfying(f -> assertThat(f.directory()).isTrue());
            fs.upload(new ByteArrayInputStream(small), small.length, base + "/a/small.csv");
            fs.upload(bigLocal, base + "/a/b/big.bin");

            List<RemoteFile> children = fs.list(base + "/a");
            assertThat(children).extracting(RemoteFile::name).containsExactlyInAnyOrder("small.csv", "b");
            RemoteFile smallEntry = children.stream().filter(f -> f.name().equals("small.csv")).findFirst().orElseThrow();
            assertThat(smallEntry.path()).isEqualTo(base + "/a/small.csv");
            assertThat(smallEntry.size()).isEqualTo(small.length);
            assertThat(smallEntry.directory()).isFalse();
            assertThat(smallEntry.modifiedAt()).isAfter(before).isBefore(Instant.now().plus(Duration.ofMinutes(2)));

            assertThat(fs.listFilesRecursively(base))
                    .extracting(RemoteFile::path, RemoteFile::size)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(base + "/a/small.csv", (long) small.length),
                            org.assertj.core.groups.Tuple.tuple(base + "/a/b/big.bin", (long) big.length));

            ByteArrayOutputStream back = new ByteArrayOutputStream();
            fs.download(base + "/a/small.csv", back);
            assertThat(back.toByteArray()).isEqualTo(small);
            Path bigBack = local.resolve("big.back");
            fs.download(base + "/a/b/big.bin", bigBack);
            assertThat(Files.mismatch(bigLocal, bigBack)).isEqualTo(-1L);

            fs.rename(base + "/a/small.csv", base + "/a/renamed.csv");
            assertThat(fs.exists(base + "/a/small.csv")).isFalse();
            assertThat(fs.stat(base + "/a/renamed.csv")).hasValueSatisfying(f -> assertThat(f.size()).isEqualTo(small.length));

            fs.delete(base + "/a/renamed.csv");
            fs.delete(base + "/a/b/big.bin");
            fs.delete(base + "/a/b");
            fs.delete(base + "/a");
            fs.delete(base);
            assertThat(fs.exists(base)).isFalse();
        }
    }

    @Test
    void missingDirectoryFailsNamingIt() {
        String missing = freshDirectory() + "/nowhere";
        try (RemoteFileSystem fs = open()) {
            assertThatThrownBy(() -> fs.list(missing))
                    .isInstanceOf(RunFailure.class)
                    .hasMessageContaining(missing)
                    .hasMessageContaining("does not exist")
                    .satisfies(e -> assertThat(((RunFailure) e).side()).isEqualTo(FailureSide.TARGET));
            assertThat(fs.stat(missing)).isEmpty();
        }
    }

    @Test
    void badCredentialsFailClearlyWithoutThePassword() {
        String wrong = "wrong-Pa55word-" + UUID.randomUUID();
        assertThatThrownBy(() -> RemoteFileSystems.open(config(wrong), verification(), FailureSide.SOURCE).close())
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("authentication failed for user")
                .hasMessageNotContaining(wrong)
                .satisfies(e -> assertThat(((RunFailure) e).side()).isEqualTo(FailureSide.SOURCE))
                .satisfies(e -> assertThat(config(wrong).toString()).doesNotContain(wrong));
    }
}
