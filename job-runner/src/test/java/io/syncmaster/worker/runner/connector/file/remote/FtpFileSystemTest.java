package io.syncmaster.worker.runner.connector.file.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** {@link FtpFileSystem} against Apache FtpServer in-process: ephemeral control port, passive data on 127.0.0.1. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FtpFileSystemTest extends RemoteFileSystemContract {
    private DefaultFtpServer server;
    private Path root;

    @BeforeAll
    void startServer() throws Exception {
        root = Files.createTempDirectory("ftp-test-");
        FtpServerFactory serverFactory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        serverFactory.addListener("default", listener.createListener());
        UserManager users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName("loader");
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        user.setAuthorities(List.<Authority>of(new WritePermission()));
        users.save(user);
        serverFactory.setUserManager(users);
        server = (DefaultFtpServer) serverFactory.createServer();
        server.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
        TestFiles.deleteRecursively(root);
    }

    @Override
    RemoteConnectionConfig config(String password) {
        return new FtpConfig("127.0.0.1", server.getListener("default").getPort(), new Credentials("loader", password));
    }
}
