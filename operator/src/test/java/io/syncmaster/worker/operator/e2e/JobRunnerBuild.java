package io.syncmaster.worker.operator.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.syncmaster.worker.operator.standalone.JobRunnerInstallation;
import io.syncmaster.worker.operator.testing.CeleryClient;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real job-runner as built by this reactor ({@code job-runner/target/syncmaster-job-runner.jar} with
 * {@code lib/} and {@code jvm.options}). {@code mvn verify} packages the job-runner module before the operator's tests
 * run (reactor order common, job-runner, operator); with {@code -pl operator} alone it may be missing, and the
 * end-to-end tests are skipped with a message saying how to build it.
 */
final class JobRunnerBuild {

    private JobRunnerBuild() {
    }

    /** The jar, or skips the calling test when it is not built or the Celery client is missing. */
    static Path jarOrSkip() {
        Path jar = Path.of("..", "job-runner", "target", JobRunnerInstallation.JAR_NAME).toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(jar) && Files.isRegularFile(JobRunnerInstallation.defaultJvmOptions(jar)),
                "end-to-end test skipped: the job-runner is not built (" + jar + " missing); run"
                        + " `mvn -B -pl job-runner package -DskipTests` first, or `mvn verify` from the root");
        assumeTrue(CeleryClient.available(), "end-to-end test skipped: /usr/bin/python3 cannot import celery"
                + " (apt-get install python3-celery python3-kombu)");
        return jar;
    }

    /** Spark settings for a job-runner on this machine: loopback only, no UI, few shuffle partitions. */
    static String sparkDefaultsJson() {
        return "{\"spark.driver.host\": \"127.0.0.1\", \"spark.driver.bindAddress\": \"127.0.0.1\","
                + " \"spark.ui.enabled\": \"false\", \"spark.sql.shuffle.partitions\": \"2\"}";
    }
}
