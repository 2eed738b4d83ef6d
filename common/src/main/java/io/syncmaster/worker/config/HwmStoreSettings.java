package io.syncmaster.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * SyncMaster's optional {@code hwm_store} section: the Horizon server that keeps high-water marks of
 * incremental transfers. Validated like upstream: when {@code enabled}, {@code type} (only {@code horizon}),
 * {@code url}, {@code user}, {@code password} and {@code namespace} are all required.
 */
public final class HwmStoreSettings {

    private final boolean enabled;
    private final String type;
    private final String url;
    private final String user;
    private final String password;
    private final String namespace;

    private HwmStoreSettings(boolean enabled, String type, String url, String user, String password,
                             String namespace) {
        this.enabled = enabled;
        this.type = type;
        this.url = url;
        this.user = user;
        this.password = password;
        this.namespace = namespace;
    }

    static HwmStoreSettings from(Settings settings) {
        boolean enabled = settings.optionalBoolean("hwm_store.enabled").orElse(false);
        String type = nonNull(settings, "hwm_store.type");
        String url = nonNull(settings, "hwm_store.url");
        String user = nonNull(settings, "hwm_store.user");
        String password = nonNull(settings, "hwm_store.password");
        String namespace = nonNull(settings, "hwm_store.namespace");
        if (type != null && !type.toLowerCase(Locale.ROOT).equals("horizon")) {
            throw settings.invalid("hwm_store.type", "only 'horizon' is supported");
        }
        if (enabled) {
            for (String[] field : new String[][] {{"hwm_store.type", type}, {"hwm_store.url", url},
                    {"hwm_store.user", user}, {"hwm_store.password", password},
                    {"hwm_store.namespace", namespace}}) {
                if (field[1] == null || field[1].isBlank()) {
                    throw new SettingsException(field[0], "required when hwm_store.enabled is true (set "
                            + Settings.envVarName(field[0]) + " or " + field[0] + " in the YAML file)");
                }
            }
        }
        return new HwmStoreSettings(enabled, type == null ? null : type.toLowerCase(Locale.ROOT), url, user,
                password, namespace);
    }

    private static String nonNull(Settings settings, String key) {
        Optional<JsonNode> node = settings.value(key);
        if (node.isPresent() && node.get().isNull()) {
            return null;
        }
        return settings.optionalString(key).orElse(null);
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@code horizon} or null. */
    public String type() {
        return type;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** Secret. */
    public String password() {
        return password;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public String toString() {
        return "HwmStoreSettings[enabled=" + enabled + ", type=" + type + ", url=" + url + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "<redacted>") + ", namespace=" + namespace + "]";
    }
}
