package io.syncmaster.worker.cli;

import io.syncmaster.worker.config.SettingsException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point of {@code syncmaster-worker.jar}: {@code operator} runs the Kubernetes operator,
 * {@code worker} the standalone worker (no Kubernetes), {@code demo} the one-command demo on embedded servers.
 * Every setting comes from SyncMaster's own configuration ({@code SYNCMASTER__*}, {@code SYNCMASTER_CONFIG_FILE}).
 *
 * <p>The subcommands are the {@link Subcommand}s on the classpath ({@link ServiceLoader}): each module contributes
 * its own, so the operator image, which carries no demo module, simply has no {@code demo} command.
 */
@Command(name = "syncmaster-worker", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Drop-in replacement for SyncMaster's Celery worker.")
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (exit codes and error handling shared by every subcommand). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (Subcommand subcommand : ServiceLoader.load(Subcommand.class)) {
            cli.addSubcommand(subcommand);
        }
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof SettingsException) {
                cmd.getErr().println("Invalid settings: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    /** Reports the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"syncmaster-worker " + BuildVersion.get()};
        }
    }
}
