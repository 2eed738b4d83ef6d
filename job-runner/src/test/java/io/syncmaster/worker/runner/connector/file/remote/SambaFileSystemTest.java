package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * {@link SambaFileSystem} against Debian's smbd (run as root, as it must) with a private smb.conf on a free high
 * port, a share in a temp directory and a user created here (useradd + smbpasswd), all removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaFileSystemTest extends RemoteFileSystemContract {
    private static final String WORKGROUP = "RFSTEST";

    private Path dir;
    private LocalUser user;
    private int port;
    private ExternalServer server;

    @BeforeAll
    void startServer() throws Exception {
        Path smbd = ExternalServer.requireBinary("/usr/sbin/smbd", "samba");
        ExternalServer.requireBinary("/usr/bin/smbpasswd", "samba");
        dir = Files.createTempDirectory("smb-test-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path share = Files.createDirectories(dir.resolve("share"));
        for (String sub : List.of("private", "lock", "state", "cache", "pid", "ncalrpc")) {
            Files.createDirectories(dir.resolve(sub));
        }
        user = LocalUser.create("rfssmb", share, "/usr/sbin/nologin");
        port = ExternalServer.freePort();
        Path conf = Files.writeString(dir.resolve("smb.conf"), String.join("\n",
                "[global]",
                "  workgroup = " + WORKGROUP,
                "  server role = standalone server",
                "  security = user",
                "  map to guest = never",
                "  smb ports = " + port,
                "  interfaces = 127.0.0.1",
                "  bind interfaces only = yes",
                "  disable netbios = yes",
                "  passdb backend = tdbsam:" + dir.resolve("private/passdb.tdb"),
                "  private dir = " + dir.resolve("private"),
                "  lock directory = " + dir.resolve("lock"),
                "  state directory = " + dir.resolve("state"),
                "  cache directory = " + dir.resolve("cache"),
                "  pid directory = " + dir.resolve("pid"),
                "  ncalrpc dir = " + dir.resolve("ncalrpc"),
                "  log file = " + dir.resolve("log.%m"),
                "  load printers = no",
                "  printing = bsd",
                "  printcap name = /dev/null",
                "  disable spoolss = yes",
                "  server min protocol = SMB2",
                "[data]",
                "  path = " + share,
                "  read only = no",
                "  guest ok = no",
                "  valid users = " + user.name(),
                ""));
        ExternalServer.run(List.of("smbpasswd", "-c", conf.toString(), "-s", "-a", user.name()),
                PASSWORD + "\n" + PASSWORD + "\n");
        // smbd gets its own process group: on shutdown it signals its whole group, which would otherwise be ours
        server = ExternalServer.start(List.of(smbd.toString(), "--foreground",
                "--debug-stdout", "--configfile=" + conf), dir.resolve("smbd.out"), port);
    }

    @AfterAll
    void stopServer() throws Exception {
        ExternalServer.tearDown(server, user, dir);
    }

    @Override
    RemoteConnectionConfig config(String password) {
        return new SambaConfig("127.0.0.1", port, "data", "SMB", "", new Credentials(user.name(), password), "NTLMv2");
    }

    @Test
    void theWorkgroupAsDomainAuthenticatesToo() {
        SambaConfig withDomain = new SambaConfig("127.0.0.1", port, "data", "SMB", WORKGROUP,
                new Credentials(user.name(), PASSWORD), "NTLMv2");
        try (RemoteFileSystem fs = RemoteFileSystems.open(withDomain, VerificationSettings.UPSTREAM,
                FailureSide.SOURCE)) {
            assertThat(fs.list("/")).isNotNull();
        }
    }

    @Test
    void aMissingShareFailsNamingIt() {
        SambaConfig missing = new SambaConfig("127.0.0.1", port, "nosuchshare", "SMB", "",
                new Credentials(user.name(), PASSWORD), "NTLMv2");
        assertThatThrownBy(() -> RemoteFileSystems.open(missing, VerificationSettings.UPSTREAM, FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("share 'nosuchshare' does not exist");
    }

    @Test
    void netBiosAndNtlmV1AreRefusedClearly() {
        assertThatThrownBy(() -> RemoteFileSystems.open(new SambaConfig("127.0.0.1", port, "data", "NetBIOS", "",
                new Credentials(user.name(), PASSWORD), "NTLMv2"), VerificationSettings.UPSTREAM, FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("protocol NetBIOS is not supported yet");
        assertThatThrownBy(() -> RemoteFileSystems.open(new SambaConfig("127.0.0.1", port, "data", "SMB", "",
                new Credentials(user.name(), PASSWORD), "NTLMv1"), VerificationSettings.UPSTREAM, FailureSide.SOURCE))
                .isInstanceOf(RunFailure.class)
                .hasMessageContaining("auth_type NTLMv1 is not supported");
    }
}
