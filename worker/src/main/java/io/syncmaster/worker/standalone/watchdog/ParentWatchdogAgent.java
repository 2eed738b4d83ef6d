package io.syncmaster.worker.standalone.watchdog;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;

/**
 * A Java agent loaded into every job-runner child JVM ({@code -javaagent:watchdog.jar}) so that the child dies with
 * its worker. Without it, a worker killed with SIGKILL (or by the OOM killer) would leave orphaned Spark JVMs writing
 * to targets whose runs nobody will ever finish.
 *
 * <p>How: the worker keeps the write end of the child's stdin pipe open and never writes to it. The kernel closes it
 * when the worker process ends, however it ends; this agent's daemon thread then reads end-of-file and exits the JVM
 * (shutdown hooks run, so Spark cleans up), halting it if the hooks take longer than {@value #HALT_AFTER_MILLIS} ms.
 * Closing the pipe on purpose is therefore also a way for the worker to stop a child.
 *
 * <p>Depends on {@code java.base} only and has no nested classes: {@link WatchdogAgentJar} packs this single class
 * file into the agent jar, so nothing of the worker's class path leaks into the child.
 */
public final class ParentWatchdogAgent {

    /** Exit status of a child whose worker is gone (128 + SIGTERM, like a terminated process). */
    public static final int EXIT_PARENT_GONE = 143;
    static final long HALT_AFTER_MILLIS = 10_000;

    private ParentWatchdogAgent() {
    }

    /** Agent entry point: starts the watchdog thread and returns at once. */
    public static void premain(String arguments) {
        Thread watchdog = new Thread(ParentWatchdogAgent::watchStdin, "syncmaster-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Agent entry point (with instrumentation, unused). */
    public static void premain(String arguments, Instrumentation instrumentation) {
        premain(arguments);
    }

    private static void watchStdin() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the worker never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same thing as end-of-file
        }
        System.err.println("syncmaster-worker watchdog: the worker process is gone (stdin closed); exiting");
        System.err.flush();
        Thread halt = new Thread(ParentWatchdogAgent::haltLater, "syncmaster-parent-watchdog-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(EXIT_PARENT_GONE);
    }

    private static void haltLater() {
        try {
            Thread.sleep(HALT_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(EXIT_PARENT_GONE);
    }
}
