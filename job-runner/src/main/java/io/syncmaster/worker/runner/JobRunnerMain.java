package io.syncmaster.worker.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the job-runner image and of the standalone worker:
 * {@code java @jvm.options -jar syncmaster-job-runner.jar run --run-id N [--manage-run-status] [--conf k=v ...]}.
 * Exit codes: 0 success, 1 run failed, 2 bad command line.
 */
@Command(name = "job-runner", mixinStandardHelpOptions = true, versionProvider = JobRunnerMain.Version.class, subcommands = {RunCommand.class, WarmUpCommand.class, CommandLine.HelpCommand.class},
        description = "Executes SyncMaster transfer runs with Spark.")
public final class JobRunnerMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return new CommandLine(new JobRunnerMain()).execute(args);
    }

    /** The version from the jar manifest (Implementation-Version), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JobRunnerMain.class.getPackage().getImplementationVersion();
            return new String[] {"syncmaster-job-runner " + (version != null ? version : "development")};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: run");
    }
}
