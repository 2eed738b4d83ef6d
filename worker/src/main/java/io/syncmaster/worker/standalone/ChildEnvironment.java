package io.syncmaster.worker.standalone;

import io.syncmaster.worker.config.Settings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The environment of a run's child JVM: the worker's own environment ({@code JAVA_HOME}, proxies, {@code TZ}...)
 * without any SyncMaster setting. The child reads everything about its run from its run spec file (design §9), so it
 * never receives SyncMaster's database URL, the Fernet key or the broker URL, and {@code SYNCMASTER_CONFIG_FILE} is
 * set empty so it does not read the worker's settings file either.
 *
 * <p>Matched case-insensitively, as {@link Settings} reads them: every {@code SYNCMASTER__*} variable and
 * {@code SYNCMASTER_CONFIG_FILE} are removed.
 */
public final class ChildEnvironment {

    private final Map<String, String> variables;

    private ChildEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** @param parentEnvironment the worker's environment (usually {@link System#getenv()}) */
    public static ChildEnvironment from(Map<String, String> parentEnvironment) {
        Map<String, String> env = new HashMap<>();
        parentEnvironment.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!upper.startsWith(Settings.ENV_PREFIX) && !upper.equals(Settings.CONFIG_FILE_VARIABLE)) {
                env.put(name, value);
            }
        });
        // Empty: pydantic-settings' Path("") is the working directory, not a file; the job-runner reads no YAML.
        env.put(Settings.CONFIG_FILE_VARIABLE, "");
        return new ChildEnvironment(env);
    }

    /** Puts every variable into a process builder's environment, replacing what it inherited. */
    public void applyTo(Map<String, String> processEnvironment) {
        processEnvironment.clear();
        processEnvironment.putAll(variables);
    }

    /** The variable names. */
    @Override
    public String toString() {
        return "ChildEnvironment" + new TreeSet<>(variables.keySet());
    }
}
