package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** A Unix account that a server test creates for its server (vsftpd, smbd) and removes afterwards. */
final class LocalUser implements AutoCloseable {
    private final String name;

    private LocalUser(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix><random>} with {@code home} (which it then owns) and no login shell unless given. */
    static LocalUser create(String prefix, Path home, String shell) throws IOException, InterruptedException {
        String name = prefix + UUID.randomUUID().toString().substring(0, 6);
        ExternalServer.run(List.of("useradd", "--no-create-home", "--home-dir", home.toString(), "--shell", shell,
                name), null);
        LocalUser user = new LocalUser(name);
        try {
            ExternalServer.run(List.of("chown", name, home.toString()), null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            user.close();
            throw e;
        }
        return user;
    }

    String name() {
        return name;
    }

    /** Sets the Unix password (PAM logins such as vsftpd's). */
    void setPassword(String password) throws IOException, InterruptedException {
        ExternalServer.run(List.of("chpasswd"), name + ":" + password + "\n");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ExternalServer.run(List.of("userdel", name), null);
    }
}
