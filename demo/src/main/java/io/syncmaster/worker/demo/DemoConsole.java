package io.syncmaster.worker.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's progress output: one line per step, prefixed with the seconds elapsed since the demo started. */
final class DemoConsole {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    DemoConsole(PrintStream out) {
        this.out = out;
    }

    synchronized void step(String format, Object... args) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsedSeconds(), String.format(Locale.ROOT, format, args));
        out.flush();
    }

    synchronized void detail(String text) {
        out.println("           " + text);
        out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
