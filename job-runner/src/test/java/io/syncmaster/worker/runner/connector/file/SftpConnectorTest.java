package io.syncmaster.worker.runner.connector.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.support.Plans;

/**
 * SFTP staged through the run's scratch directory, against Apache MINA sshd in-process (password auth, a local
 * root directory): checklist #57 (with the metadata filter) and #59, and the whole file contract in every format.
 */
class SftpConnectorTest extends StagedConnectorContract {
    private static final String USER = "loader";
    private static final String PASSWORD = "sftp-Pa55word";
    private SshServer server;
    private Path home;

    @Override
    String type() {
        return "sftp";
    }

    @Override
    Connector connector() {
        return new SftpConnector();
    }

    @Override
    ObjectNode connection() {
        return Plans.JSON.createObjectNode().put("host", "127.0.0.1").put("port", server.getPort()).put("user", USER)
                .put("password", PASSWORD);
    }

    @Override
    String root() {
        return home.toUri().toString().replaceAll("/$", "");
    }

    @Override
    void startServer(Path directory) throws Exception {
        home = Files.createDirectories(directory.resolve("home")).toAbsolutePath();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(directory.resolve("hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home));
        server.start();
    }

    @Override
    void stopServer() {
        try {
            if (server != null) {
                server.stop(true);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
