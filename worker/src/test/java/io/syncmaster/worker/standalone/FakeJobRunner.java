package io.syncmaster.worker.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * A stand-in for the job-runner with the same command line ({@code run --run-id N --termination-log PATH}), started by
 * the production {@link JobRunnerInstallation} from a jar made by {@link FakeJobRunnerJar}. What it does is read from
 * {@code $FAKE_JOB_RUNNER_DIR/behavior-<runId>}: {@code succeed MILLIS}, {@code fail MILLIS MESSAGE}, {@code hang},
 * {@code hang-ignoring-sigterm}. It records {@code started-<runId>} (with its pid), {@code ended-<runId>} and
 * {@code env-<runId>} (which credentials it received, and the mode of its run spec file and whether that file
 * describes its run) in the same directory.
 */
public final class FakeJobRunner {

    private FakeJobRunner() {
    }

    public static void main(String[] args) throws Exception {
        long runId = Long.parseLong(args[indexOf(args, "--run-id") + 1]);
        Path terminationLog = Path.of(args[indexOf(args, "--termination-log") + 1]);
        Path runSpec = Path.of(args[indexOf(args, "--run-spec") + 1]);
        Path dir = Path.of(System.getenv("FAKE_JOB_RUNNER_DIR"));
        Files.writeString(dir.resolve("env-" + runId),
                "database_url=" + (System.getenv("SYNCMASTER__DATABASE__URL") != null)
                        + "\nsecret_key=" + (System.getenv("SYNCMASTER__ENCRYPTION__SECRET_KEY") != null)
                        + "\nbroker_url=" + (System.getenv("SYNCMASTER__BROKER__URL") != null)
                        + "\nrun_spec=" + (Files.exists(runSpec) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(runSpec)) : "missing")
                        + "\nrun_spec_of_this_run=" + (Files.exists(runSpec)
                                && Files.readString(runSpec).startsWith("{\"version\":1,\"run\":{\"id\":" + runId + ","))
                        + "\n");
        Files.writeString(dir.resolve("started-" + runId), ProcessHandle.current().pid() + " " + Instant.now());
        String[] behavior = Files.readString(dir.resolve("behavior-" + runId)).trim().split(" ", 3);
        System.out.println("fake job-runner: run " + runId + " behaves as " + String.join(" ", behavior));
        switch (behavior[0]) {
            case "succeed" -> {
                Thread.sleep(Long.parseLong(behavior[1]));
                end(dir, runId);
                System.exit(0);
            }
            case "fail" -> {
                Thread.sleep(Long.parseLong(behavior[1]));
                Files.writeString(terminationLog, behavior[2]);
                System.err.println(behavior[2]);
                end(dir, runId);
                System.exit(1);
            }
            case "hang" -> Thread.sleep(Long.MAX_VALUE);
            case "hang-ignoring-sigterm" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException("unknown behavior " + behavior[0]);
        }
    }

    private static void end(Path dir, long runId) throws Exception {
        Files.writeString(dir.resolve("ended-" + runId), Instant.now().toString());
    }

    private static int indexOf(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
