package io.syncmaster.worker.runner.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A real FTP server for tests: Apache FtpServer in this JVM, control port ephemeral, passive data on 127.0.0.1, one
 * user whose home is {@link #home()} (tests put fixtures there directly and read results back from it).
 */
public final class FtpTestServer implements AutoCloseable {
    public static final String USER = "loader";
    public static final String PASSWORD = "ftp-password-9";

    private final DefaultFtpServer server;
    private final Path home;

    private FtpTestServer(DefaultFtpServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    public static FtpTestServer start(Path home) throws Exception {
        Files.createDirectories(home);
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        var users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toAbsolutePath().toString());
        user.setAuthorities(List.<Authority>of(new WritePermission()));
        users.save(user);
        factory.setUserManager(users);
        DefaultFtpServer server = (DefaultFtpServer) factory.createServer();
        server.start();
        return new FtpTestServer(server, home.toAbsolutePath());
    }

    public Path home() {
        return home;
    }

    public int port() {
        return server.getListener("default").getPort();
    }

    @Override
    public void close() {
        server.stop();
    }

}
