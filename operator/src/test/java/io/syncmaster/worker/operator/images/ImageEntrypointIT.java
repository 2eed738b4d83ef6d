package io.syncmaster.worker.operator.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Starts each image's ENTRYPOINT from the packaged build outputs exactly as the container would (same java flags,
 * same jar, same lib/ and jvm.options, mapped from the Dockerfile's COPY instructions), with the JDK 17 running the
 * tests in place of the image's JRE 17. Runs in the integration-test phase (maven-failsafe-plugin), after
 * {@code package} built the jars; a jar that is not built (e.g. {@code mvn -pl operator verify} without the
 * job-runner module) skips its tests with a message saying so.
 */
class ImageEntrypointIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private static void assumeBuilt(Image image) {
        Path jar = image.layout().files().get(image.jarInImage);
        Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " is not built: run `mvn -B -pl " + image.builtModules
                + " -am package` (ImageEntrypointIT runs in the integration-test phase, after package)");
    }

    private Outcome start(Image image, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = image.layout().entrypoint(JAVA, args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().keySet().removeIf(k -> k.toUpperCase().startsWith("SYNCMASTER") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        builder.environment().putAll(env);
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not exit within 120 s: " + command);
        }
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Image.class)
    void everyFileTheImageCopiesIsBuiltAndTheJarFindsItsLibraries(Image image) throws IOException {
        assumeBuilt(image);
        for (Map.Entry<String, Path> file : image.layout().files().entrySet()) {
            assertThat(file.getValue()).as("%s (copied to %s)", file.getValue(), file.getKey()).exists();
            if (Files.isDirectory(file.getValue())) {
                try (var entries = Files.list(file.getValue())) {
                    assertThat(entries.count()).as("%s is empty", file.getValue()).isPositive();
                }
            }
        }
        Path jar = image.layout().files().get(image.jarInImage);
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isNotBlank();
            String classPath = manifest.getMainAttributes().getValue("Class-Path");
            assertThat(classPath).as("thin jar: the manifest lists lib/").isNotBlank();
            List<String> missing = new ArrayList<>();
            for (String entry : classPath.trim().split("\\s+")) {
                // demo/ is the demo module's share of the command, which no image copies (the JVM skips it)
                if (!entry.startsWith("demo/") && !Files.exists(jar.getParent().resolve(entry))) {
                    missing.add(entry);
                }
            }
            assertThat(missing).as("Class-Path entries of %s missing next to it", jar.getFileName()).isEmpty();
        }
    }

    @Test
    void operatorHelpExitsZeroWithTheUsage() throws Exception {
        assumeBuilt(Image.OPERATOR);
        Outcome outcome = start(Image.OPERATOR, Map.of(), "--help");
        assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout()).contains("Usage: syncmaster-worker").contains("operator");
    }

    @Test
    void operatorWithoutSettingsExitsTwoNamingTheMissingSetting() throws Exception {
        assumeBuilt(Image.OPERATOR);
        Outcome outcome = start(Image.OPERATOR, Map.of("SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString()), "operator");
        assertThat(outcome.exitCode()).as(outcome.stdout() + outcome.stderr()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("database.url");
    }

    @Test
    void jobRunnerHelpExitsZeroWithTheUsage() throws Exception {
        assumeBuilt(Image.JOB_RUNNER);
        Outcome outcome = start(Image.JOB_RUNNER, Map.of(), "--help");
        assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout()).contains("Usage: job-runner").contains("run");
    }

    @Test
    void jobRunnerWithoutSettingsFailsNamingTheMissingSetting() throws Exception {
        assumeBuilt(Image.JOB_RUNNER);
        Path terminationLog = tmp.resolve("termination-log");
        Outcome outcome = start(Image.JOB_RUNNER, Map.of("SYNCMASTER_CONFIG_FILE", tmp.resolve("absent.yml").toString()),
                "run", "--run-id", "1", "--termination-log", terminationLog.toString());
        assertThat(outcome.exitCode()).as(outcome.stdout() + outcome.stderr()).isEqualTo(1);
        assertThat(outcome.stderr()).contains("database.url");
        assertThat(Files.readString(terminationLog)).contains("database.url");
    }
}
