package io.syncmaster.worker.standalone;

import io.syncmaster.worker.config.Settings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The environment of a run's child JVM: the worker's own environment (so {@code SYNCMASTER_CONFIG_FILE}, the
 * {@code worker} section, {@code JAVA_HOME}, proxies... reach the job-runner as they would reach SyncMaster's worker),
 * with the two values the job-runner needs set explicitly from the settings the worker resolved (they may come from
 * the YAML file), and the broker URL removed: the child never talks to RabbitMQ.
 *
 * <p>Secrets travel only here, never on the command line: {@code /proc/<pid>/cmdline} is world-readable,
 * {@code /proc/<pid>/environ} is readable by the process owner only.
 */
public final class ChildEnvironment {

    /** Variables removed from the child's environment (matched case-insensitively, as Settings reads them). */
    private static final String BROKER_PREFIX = "SYNCMASTER__BROKER";
    private static final String DATABASE_URL_KEY = Settings.envVarName("database.url");
    private static final String ENCRYPTION_KEY_KEY = Settings.envVarName("encryption.secret_key");

    private final Map<String, String> variables;

    private ChildEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /**
     * @param parentEnvironment the worker's environment (usually {@link System#getenv()})
     * @param settings          the worker's resolved settings (database URL and Fernet key are read from them)
     */
    public static ChildEnvironment from(Map<String, String> parentEnvironment, Settings settings) {
        Map<String, String> env = new HashMap<>();
        parentEnvironment.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!upper.startsWith(BROKER_PREFIX) && !upper.equals(DATABASE_URL_KEY)
                    && !upper.equals(ENCRYPTION_KEY_KEY)) {
                env.put(name, value);
            }
        });
        env.put(DATABASE_URL_KEY, Objects.requireNonNull(settings.database().url(), "database.url"));
        env.put(ENCRYPTION_KEY_KEY, Objects.requireNonNull(settings.encryption().secretKey(),
                "encryption.secret_key"));
        return new ChildEnvironment(env);
    }

    /** Puts every variable into a process builder's environment, replacing what it inherited. */
    public void applyTo(Map<String, String> processEnvironment) {
        processEnvironment.clear();
        processEnvironment.putAll(variables);
    }

    /** The variable names (never the values: some are secrets). */
    @Override
    public String toString() {
        return "ChildEnvironment" + new TreeSet<>(variables.keySet());
    }
}
