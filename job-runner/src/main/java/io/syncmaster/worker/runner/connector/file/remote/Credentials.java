package io.syncmaster.worker.runner.connector.file.remote;

/** User and password of a file connection (auth types {@code basic} and {@code samba}); toString hides the password. */
public record Credentials(String user, String password) {
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
