package io.syncmaster.worker.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with SIGKILL must not leave its job-runner running: the watchdog agent makes the child exit when the
 * worker's end of its stdin pipe closes.
 */
class ParentWatchdogTest {

    private StandaloneTestbed bed;

    @BeforeEach
    void setUp() throws Exception {
        bed = StandaloneTestbed.create("watchdog");
    }

    @AfterEach
    void tearDown() throws Exception {
        bed.close();
    }

    @Test
    void theChildExitsWhenItsWorkerIsKilledWithSigkill() throws Exception {
        long runId = bed.newRun("hang");
        JobRunnerInstallation installation = bed.fakeLauncher();
        Path commandFile = bed.dir.resolve("command");
        // The job-runner reads its run spec file (a fake one: this test starts the child without the supervisor).
        Path runSpec = Files.writeString(bed.dir.resolve("run-spec.json"), "{\"version\":1,\"run\":{\"id\":" + runId + ",\"fake\":true}}");
        Files.setPosixFilePermissions(runSpec, PosixFilePermissions.fromString("rw-------"));
        Files.write(commandFile, installation.command(runId, runSpec, bed.dir.resolve("termination-log")));
        ProcessBuilder builder = new ProcessBuilder(JobRunnerInstallation.currentJava().toString(), "-cp",
                System.getProperty("java.class.path"), WatchdogParent.class.getName(), commandFile.toString());
        builder.environment().put("FAKE_JOB_RUNNER_DIR", bed.dir.toString());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process parent = builder.start();
        try {
            long childPid;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                childPid = Long.parseLong(out.readLine().trim());
            }
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!bed.childStarted(runId) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bed.childStarted(runId)).isTrue();
            assertThat(child.isAlive()).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
            Optional<Long> pid = Optional.ofNullable(bed.childPid(runId));
            pid.flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
