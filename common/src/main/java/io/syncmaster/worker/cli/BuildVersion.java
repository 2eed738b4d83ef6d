package io.syncmaster.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The operator's own version (from the build), which is also the default job-runner image tag. */
public final class BuildVersion {
    private static final String VERSION = load();

    private BuildVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/syncmaster-worker-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("syncmaster-worker-version.properties is missing from the operator jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
