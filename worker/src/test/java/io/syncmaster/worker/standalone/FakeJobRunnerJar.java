package io.syncmaster.worker.standalone;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Lays out a job-runner installation whose jar starts {@link FakeJobRunner}: {@code syncmaster-job-runner.jar}
 * (manifest Main-Class + Class-Path to the test classes) and an empty {@code jvm.options}.
 */
final class FakeJobRunnerJar {

    private FakeJobRunnerJar() {
    }

    /** Creates the installation in {@code dir}; returns the jar. */
    static Path create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path testClasses;
        try {
            testClasses = Path.of(FakeJobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeJobRunner.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses.toUri().toString());
        Path jar = dir.resolve(JobRunnerInstallation.JAR_NAME);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        Files.writeString(dir.resolve(JobRunnerInstallation.JVM_OPTIONS_NAME), "-Xshare:auto\n");
        return jar;
    }
}
