package io.syncmaster.worker.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real job-runner as built by this reactor ({@code job-runner/target/syncmaster-job-runner.jar} with
 * {@code lib/} and {@code jvm.options}). {@code mvn verify} packages the job-runner module before the operator's tests
 * run (reactor order common, job-runner, operator); with {@code -pl operator} alone it may be missing, and the
 * end-to-end tests are skipped with a message saying how to build it.
 */
public final class JobRunnerBuild {

    /** File name of the job-runner's jar. */
    public static final String JAR_NAME = "syncmaster-job-runner.jar";

    private JobRunnerBuild() {
    }

    /** The job-runner's JVM flags file ({@code java @argfile}) next to its jar. */
    public static Path jvmOptions(Path jar) {
        return jar.resolveSibling("jvm.options");
    }

    /** The {@code java} of the running JVM. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The jar, or skips the calling test when it is not built or the Celery client is missing. */
    public static Path jarOrSkip() {
        Path jar = Path.of("..", "job-runner", "target", JAR_NAME).toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(jar) && Files.isRegularFile(jvmOptions(jar)),
                "end-to-end test skipped: the job-runner is not built (" + jar + " missing); run"
                        + " `mvn -B -pl job-runner package -DskipTests` first, or `mvn verify` from the root");
        assumeTrue(CeleryClient.available(), "end-to-end test skipped: /usr/bin/python3 cannot import celery"
                + " (apt-get install python3-celery python3-kombu)");
        return jar;
    }

    /** Spark settings for a job-runner on this machine: loopback only, no UI, few shuffle partitions. */
    public static String sparkDefaultsJson() {
        return "{\"spark.driver.host\": \"127.0.0.1\", \"spark.driver.bindAddress\": \"127.0.0.1\","
                + " \"spark.ui.enabled\": \"false\", \"spark.sql.shuffle.partitions\": \"2\"}";
    }
}
