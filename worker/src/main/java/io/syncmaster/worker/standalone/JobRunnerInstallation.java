package io.syncmaster.worker.standalone;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the job-runner is installed and how one run's JVM is started:
 * {@code java @jvm.options [extra JVM options] -javaagent:<watchdog> -jar syncmaster-job-runner.jar run --run-id N
 * --run-spec <file> --termination-log <file> [--conf k=v ...]} with the {@link ChildEnvironment}. This is the job-runner's fixed
 * interface (issue 3); the watchdog agent makes the child exit when the worker dies.
 *
 * <p>Defaults, first match wins: the explicit paths; next to the worker's own jar in a distribution
 * ({@code <dir>/job-runner/}, {@code <dir>/../job-runner/}); the source tree ({@code <dir>/../../job-runner/target/}
 * when the worker runs as {@code operator/target/syncmaster-worker.jar}); {@code job-runner/target/} under the working
 * directory. {@code jvm.options} defaults to the file next to the jar.
 */
public final class JobRunnerInstallation implements ChildLauncher {

    /** File name of the job-runner's jar. */
    public static final String JAR_NAME = "syncmaster-job-runner.jar";
    /** File name of the JVM flags file (a {@code java @argfile}) next to it. */
    public static final String JVM_OPTIONS_NAME = "jvm.options";

    private final Path java;
    private final Path jar;
    private final Path jvmOptions;
    private final List<String> extraJvmOptions;
    private final Path watchdogAgentJar;
    private final Map<String, String> sparkConf;
    private final ChildEnvironment environment;

    /**
     * @param java             the {@code java} binary
     * @param jar              the job-runner jar (must exist)
     * @param jvmOptions       its JVM flags file (must exist)
     * @param extraJvmOptions  added after the flags file (e.g. {@code -Xmx2g})
     * @param watchdogAgentJar see {@link io.syncmaster.worker.standalone.watchdog.WatchdogAgentJar}
     * @param sparkConf        {@code --conf} entries for every run
     * @param environment      the child's environment
     * @throws IllegalArgumentException naming the missing file
     */
    public JobRunnerInstallation(Path java, Path jar, Path jvmOptions, List<String> extraJvmOptions,
                                 Path watchdogAgentJar, Map<String, String> sparkConf, ChildEnvironment environment) {
        this.java = requireFile(java, "java binary");
        this.jar = requireFile(jar, "job-runner jar");
        this.jvmOptions = requireFile(jvmOptions, "job-runner jvm.options");
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
        this.watchdogAgentJar = requireFile(watchdogAgentJar, "watchdog agent jar");
        this.sparkConf = new TreeMap<>(sparkConf);
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The {@code java} of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The job-runner jar found by the default search (see the class comment), if any. */
    public static Optional<Path> findJar(Path workingDirectory) {
        for (Path candidate : candidates(workingDirectory)) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** Every place the default search looks, in order (shown in the error when none matches). */
    public static List<Path> candidates(Path workingDirectory) {
        List<Path> candidates = new ArrayList<>();
        ownJarDirectory().ifPresent(dir -> {
            candidates.add(dir.resolve("job-runner").resolve(JAR_NAME));
            candidates.add(dir.resolveSibling("job-runner").resolve(JAR_NAME));
            if (dir.getParent() != null) {
                candidates.add(dir.getParent().resolveSibling("job-runner").resolve("target").resolve(JAR_NAME));
            }
        });
        candidates.add(workingDirectory.resolve("job-runner").resolve("target").resolve(JAR_NAME));
        return candidates;
    }

    /** {@code jvm.options} next to {@code jar}. */
    public static Path defaultJvmOptions(Path jar) {
        return jar.resolveSibling(JVM_OPTIONS_NAME);
    }

    /**
     * The directory holding the jar this class was loaded from (the distribution's root when that is its {@code lib/}),
     * or empty when running from a classes directory.
     */
    static Optional<Path> ownJarDirectory() {
        try {
            CodeSource source = JobRunnerInstallation.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return Optional.empty();
            }
            Path directory = location.toAbsolutePath().getParent();
            // In the distribution this jar sits in lib/, beside the command's own syncmaster-worker.jar.
            if (directory != null && directory.getFileName() != null && directory.getFileName().toString().equals("lib")) {
                directory = directory.getParent();
            }
            return Optional.ofNullable(directory);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The full command line for one run (no secret in it). */
    public List<String> command(long runId, Path runSpec, Path terminationLog) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("@" + jvmOptions);
        command.addAll(extraJvmOptions);
        command.add("-javaagent:" + watchdogAgentJar);
        command.add("-jar");
        command.add(jar.toString());
        command.add("run");
        command.add("--run-id");
        command.add(Long.toString(runId));
        command.add("--run-spec");
        command.add(runSpec.toString());
        command.add("--termination-log");
        command.add(terminationLog.toString());
        sparkConf.forEach((key, value) -> {
            command.add("--conf");
            command.add(key + "=" + value);
        });
        return command;
    }

    @Override
    public Process start(long runId, Path runSpec, Path terminationLog) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(runId, runSpec, terminationLog));
        environment.applyTo(builder.environment());
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        return builder.start();
    }

    public Path jar() {
        return jar;
    }

    public Path jvmOptions() {
        return jvmOptions;
    }

    private static Path requireFile(Path path, String what) {
        Objects.requireNonNull(path, what);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(what + " not found: " + path.toAbsolutePath());
        }
        return path.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "JobRunnerInstallation[jar=" + jar + ", jvmOptions=" + jvmOptions + ", java=" + java + "]";
    }
}
