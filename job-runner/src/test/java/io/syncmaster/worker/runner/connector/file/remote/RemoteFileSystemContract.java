package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** With verification on and the JVM's trust store, the test server's self-signed certificate must fail. */
    static void assertUnverifiableCertificateFails(RemoteConnectionConfig tls) {
        assertThatThrownBy(() -> RemoteFileSystems.open(tls, new VerificationSettings(false, null, true, null),
                FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("TLS handshake failed (certificate verification is on)")
                .hasMessageNotContaining(PASSWORD);
    }

    /**
     * With verification on and the server's certificate (issued for "localhost" only) as the trusted CA, a
     * connection to "localhost" works and one to 127.0.0.1 fails: the chain and the host name are both checked.
     */
    static void assertTrustedCertificateChecksTheHostName(RemoteConnectionConfig atLocalhost,
            RemoteConnectionConfig atIpAddress, Path trustedPem) {
        VerificationSettings verifying = new VerificationSettings(false, null, true, trustedPem);
        try (RemoteFileSystem fs = RemoteFileSystems.open(atLocalhost, verifying, FailureSide.SOURCE)) {
            assertThat(fs.list("/")).isNotNull();
        }
        assertThatThrownBy(() -> RemoteFileSystems.open(atIpAddress, verifying, FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("TLS handshake failed (certificate verification is on)");
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
                            tuple(base + "/a/small.csv", (long) small.length),
                            tuple(base + "/a/b/big.bin", (long) big.length));

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

    // ---- staging (StagedTransfer, StagingDirectory) against the same server ----

    private static Path write(Path file, byte[] content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static byte[] read(RemoteFileSystem fs, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fs.download(path, out);
        return out.toByteArray();
    }

    /** Everything below {@code directory}, directories included, as paths relative to it. */
    private static List<String> tree(RemoteFileSystem fs, String directory) {
        List<String> result = new ArrayList<>();
        for (RemoteFile entry : fs.list(directory)) {
            result.add(RemotePaths.relativize(directory, entry.path()) + (entry.directory() ? "/" : ""));
            if (entry.directory()) {
                tree(fs, entry.path()).forEach(child -> result.add(RemotePaths.relativize(directory, entry.path())
                        + "/" + child));
            }
        }
        return result;
    }

    @Test
    void stagedDownloadThenUploadKeepsEveryByteAndLeavesNoTemporaryFiles() throws Exception {
        String base = freshDirectory();
        byte[] a = "id\n1\n2\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = randomBytes(3 * 1024 * 1024 + 7, 7);
        Path staging;
        try (RemoteFileSystem fs = open()) {
            fs.mkdirs(base + "/src/sub");
            fs.upload(new ByteArrayInputStream(a), a.length, base + "/src/a.csv");
            fs.upload(new ByteArrayInputStream(b), b.length, base + "/src/sub/b.bin");
            StagedTransfer transfer = new StagedTransfer(fs, FailureSide.SOURCE);
            try (StagingDirectory downloaded = StagingDirectory.create(local, 42, "downloaded")) {
                staging = downloaded.path();
                List<Path> files = transfer.download(base + "/src", fs.listFilesRecursively(base + "/src"),
                        downloaded.path());
                assertThat(files).containsExactlyInAnyOrder(staging.resolve("a.csv"), staging.resolve("sub/b.bin"));
                assertThat(Files.readAllBytes(staging.resolve("a.csv"))).isEqualTo(a);
                assertThat(Files.readAllBytes(staging.resolve("sub/b.bin"))).isEqualTo(b);

                List<String> uploaded = new StagedTransfer(fs, FailureSide.TARGET)
                        .upload(downloaded.path(), base + "/dst", new StagingNames(1, 42));
                assertThat(uploaded).containsExactlyInAnyOrder(base + "/dst/a.csv", base + "/dst/sub/b.bin");
            }
            assertThat(staging).doesNotExist();
            assertThat(tree(fs, base + "/dst")).containsExactlyInAnyOrder("a.csv", "sub/", "sub/b.bin");
            assertThat(read(fs, base + "/dst/a.csv")).isEqualTo(a);
            assertThat(read(fs, base + "/dst/sub/b.bin")).isEqualTo(b);
            fs.deleteRecursively(base);
        }
    }

    @Test
    void aFailureMidUploadLeavesNoPartialFileVisibleAndNothingBehind() throws Exception {
        String base = freshDirectory();
        Path out = local.resolve("written");
        write(out.resolve("part-0.csv"), "a\n1\n".getBytes(StandardCharsets.UTF_8));
        write(out.resolve("part-1.csv"), randomBytes(4 * 1024 * 1024, 1));
        write(out.resolve("part-2.csv"), "c\n3\n".getBytes(StandardCharsets.UTF_8));
        try (RemoteFileSystem fs = open()) {
            RemoteFileSystem faulty = FaultyFileSystem.breakingUpload(fs, "part-1.csv", 1024 * 1024);
            assertThatThrownBy(() -> new StagedTransfer(faulty, FailureSide.TARGET)
                    .upload(out, base + "/dst", new StagingNames(3, 1)))
                    .isInstanceOf(RunFailure.class)
                    .hasMessageContaining("part-1.csv")
                    .hasMessageNotContaining(PASSWORD);
            assertThat(tree(fs, base + "/dst")).isEmpty();
        }
        // a fresh session sees the same, so nothing was only hidden by a session's state
        try (RemoteFileSystem fs = open()) {
            assertThat(tree(fs, base + "/dst")).isEmpty();
            fs.deleteRecursively(base);
        }
    }

    @Test
    void aFailureWhileMovingIntoPlaceTakesBackWhatWasMoved() throws Exception {
        String base = freshDirectory();
        Path out = local.resolve("written");
        write(out.resolve("part-0.csv"), "a\n1\n".getBytes(StandardCharsets.UTF_8));
        write(out.resolve("part-1.csv"), "b\n2\n".getBytes(StandardCharsets.UTF_8));
        try (RemoteFileSystem fs = open()) {
            fs.mkdirs(base + "/dst");
            fs.upload(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, base + "/dst/kept.bin");
            RemoteFileSystem faulty = FaultyFileSystem.failingRename(fs, "part-1.csv");
            assertThatThrownBy(() -> new StagedTransfer(faulty, FailureSide.TARGET)
                    .upload(out, base + "/dst", new StagingNames(3, 2)))
                    .isInstanceOf(RunFailure.class)
                    .hasMessageContaining("injected rename failure");
            assertThat(tree(fs, base + "/dst")).containsExactly("kept.bin");
            fs.deleteRecursively(base);
        }
    }

    @Test
    void theNextRunRemovesWhatAKilledRunLeftAndKeepsOtherTransfersFiles() throws Exception {
        String base = freshDirectory();
        Path out = local.resolve("written");
        write(out.resolve("part-0.csv"), "a\n1\n".getBytes(StandardCharsets.UTF_8));
        try (RemoteFileSystem fs = open()) {
            fs.mkdirs(base + "/dst/_syncmaster-tmp-t5-r1/sub");
            fs.upload(new ByteArrayInputStream(new byte[10]), 10, base + "/dst/_syncmaster-tmp-t5-r1/sub/half.csv");
            fs.mkdirs(base + "/dst/_syncmaster-tmp-t6-r9");
            fs.upload(new ByteArrayInputStream(new byte[10]), 10, base + "/dst/_syncmaster-tmp-t6-r9/other.csv");
            new StagedTransfer(fs, FailureSide.TARGET).upload(out, base + "/dst", new StagingNames(5, 2));
            assertThat(tree(fs, base + "/dst")).containsExactlyInAnyOrder("part-0.csv", "_syncmaster-tmp-t6-r9/",
                    "_syncmaster-tmp-t6-r9/other.csv");
            fs.deleteRecursively(base);
        }
    }

    @Test
    void anExistingFileFailsTheUploadBeforeAnythingIsUploaded() throws Exception {
        String base = freshDirectory();
        Path out = local.resolve("written");
        write(out.resolve("a.csv"), "new".getBytes(StandardCharsets.UTF_8));
        write(out.resolve("b.csv"), "new".getBytes(StandardCharsets.UTF_8));
        try (RemoteFileSystem fs = open()) {
            fs.mkdirs(base + "/dst");
            fs.upload(new ByteArrayInputStream("old".getBytes(StandardCharsets.UTF_8)), 3, base + "/dst/b.csv");
            assertThatThrownBy(() -> new StagedTransfer(fs, FailureSide.TARGET)
                    .upload(out, base + "/dst", new StagingNames(8, 1)))
                    .isInstanceOf(RunFailure.class)
                    .hasMessageContaining(base + "/dst/b.csv already exists");
            assertThat(tree(fs, base + "/dst")).containsExactly("b.csv");
            assertThat(new String(read(fs, base + "/dst/b.csv"), StandardCharsets.UTF_8)).isEqualTo("old");
            fs.deleteRecursively(base);
        }
    }
}
