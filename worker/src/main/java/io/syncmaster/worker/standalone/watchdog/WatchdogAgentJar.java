package io.syncmaster.worker.standalone.watchdog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the {@link ParentWatchdogAgent} jar that child JVMs load with {@code -javaagent:}. It is produced at run time
 * from the worker's own class file, so it works the same from a jar, from {@code target/classes} in tests, and in any
 * distribution layout, and it never carries a {@code Class-Path} that would put the worker's libraries (Jackson 3,
 * Qpid...) on Spark's class path.
 */
public final class WatchdogAgentJar {

    private WatchdogAgentJar() {
    }

    /** Writes (or replaces) {@code directory/syncmaster-watchdog-agent.jar} and returns its path. */
    public static Path writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve("syncmaster-watchdog-agent.jar");
        Path partial = Files.createTempFile(directory, "watchdog", ".jar.partial");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(new Attributes.Name("Premain-Class"), ParentWatchdogAgent.class.getName());
        String entryName = ParentWatchdogAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(partial);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = ParentWatchdogAgent.class.getResourceAsStream(
                     ParentWatchdogAgent.class.getSimpleName() + ".class")) {
            if (classFile == null) {
                throw new IOException("class file of " + ParentWatchdogAgent.class.getName() + " not found");
            }
            out.putNextEntry(new JarEntry(entryName));
            classFile.transferTo(out);
            out.closeEntry();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
