package io.syncmaster.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.cli.Main;
import io.syncmaster.worker.testing.JobRunnerBuild;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code syncmaster-worker demo} as a user runs it (small source table): embedded PostgreSQL and AMQP broker, real
 * job-runner JVMs; it must exit 0 with every run as expected and leave no temporary directory behind.
 */
class DemoE2ETest {

    @Test
    void theDemoSucceedsAndRemovesItsTemporaryDirectory() throws Exception {
        Path jar = JobRunnerBuild.jarOrSkip();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exitCode = Main.commandLine().execute("demo", "--rows", "2000", "--job-runner-jar", jar.toString());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(exitCode).as(output).isZero();
        assertThat(output).contains("Demo succeeded: every run ended as expected")
                .contains("[ok] status=FINISHED (expected FINISHED)")
                .contains("[ok] status=FAILED (expected FAILED)")
                .contains("-> identical")
                .doesNotContain("UNEXPECTED", "DIFFERENT");
        Matcher workspace = Pattern.compile("temporary files in (\\S+)").matcher(output);
        assertThat(workspace.find()).isTrue();
        assertThat(Files.exists(Path.of(workspace.group(1)))).as("workspace removed").isFalse();
    }
}
