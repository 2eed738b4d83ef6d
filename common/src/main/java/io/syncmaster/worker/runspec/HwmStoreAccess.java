package io.syncmaster.worker.runspec;

import java.util.Objects;

/**
 * The HWM store credentials a run may receive in its {@link RunSpec}: only runs that read or reset a high-water mark
 * get them (see {@link RunSpecFactory#needsHwmStore}), so a full transfer's pod never holds the Horizon password.
 *
 * <p>A class, not a record, so the password can never leak through a generated {@code toString()}.
 */
public final class HwmStoreAccess {

    private final String type;
    private final String url;
    private final String user;
    private final String password;
    private final String namespace;

    public HwmStoreAccess(String type, String url, String user, String password, String namespace) {
        this.type = Objects.requireNonNull(type, "type");
        this.url = Objects.requireNonNull(url, "url");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** {@code horizon}. */
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
        return "HwmStoreAccess[type=" + type + ", url=" + url + ", user=" + user + ", password=<redacted>, namespace="
                + namespace + "]";
    }
}
