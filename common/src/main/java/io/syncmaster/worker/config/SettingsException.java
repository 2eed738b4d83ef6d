package io.syncmaster.worker.config;

/**
 * A SyncMaster setting is missing or invalid, so the process cannot start.
 *
 * <p>The message always starts with the dotted key ({@code database.url: ...}), says what is wrong and where the
 * value can be set; it never echoes a value, because most of these values are or contain secrets.
 */
public class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public SettingsException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The dotted settings key the problem is about, e.g. {@code database.url}. */
    public String key() {
        return key;
    }
}
