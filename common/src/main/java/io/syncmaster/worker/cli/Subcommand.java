package io.syncmaster.worker.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand of {@code syncmaster-worker} (a picocli {@code @Command}), found by {@link Main} with
 * {@link java.util.ServiceLoader}: a module offers a command by listing its class in
 * {@code META-INF/services/io.syncmaster.worker.cli.Subcommand}, so which commands exist follows from which modules
 * are on the classpath, and no module depends on the modules above it.
 */
public interface Subcommand extends Callable<Integer> {
}
