package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** {@link SftpFileSystem} against Apache MINA sshd's SFTP server, in-process on an ephemeral port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SftpFileSystemTest extends RemoteFileSystemContract {
    private SshServer server;
    private Path serverDir;

    @BeforeAll
    void startServer() throws Exception {
        serverDir = Files.createTempDirectory("sftp-test-");
        Files.createDirectories(serverDir.resolve("root"));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(serverDir.resolve("hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> "loader".equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(serverDir.resolve("root")));
        server.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop(true);
        }
        TestFiles.deleteRecursively(serverDir);
    }

    @Override
    RemoteConnectionConfig config(String password) {
        return new SftpConfig("127.0.0.1", server.getPort(), new Credentials("loader", password));
    }

    @Test
    void hostKeyVerificationAcceptsAKnownKeyAndRejectsAnUnknownOne() throws Exception {
        Path unknown = Files.writeString(local.resolve("known_hosts_other"), "");
        assertThatThrownBy(() -> RemoteFileSystems.open(config(PASSWORD),
                new VerificationSettings(true, unknown, false, null), FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("host key");

        KeyPair hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next();
        Path known = Files.writeString(local.resolve("known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        try (RemoteFileSystem fs = RemoteFileSystems.open(config(PASSWORD),
                new VerificationSettings(true, known, false, null), FailureSide.SOURCE)) {
            assertThat(fs.list("/")).isNotNull();
        }
    }
}
