package io.syncmaster.worker.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Plays a worker process for {@link ParentWatchdogTest}: starts the command listed (one argument per line) in the file
 * given as the only argument, with a stdin pipe as the real worker does, prints the child's pid and waits to be killed.
 */
public final class WatchdogParent {

    private WatchdogParent() {
    }

    public static void main(String[] args) throws Exception {
        List<String> command = Files.readAllLines(Path.of(args[0]));
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        System.out.println(child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
