package io.syncmaster.worker.runner.connector.file;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.WebDavShare;

/**
 * WebDAV over http staged through the run's scratch directory, against Tomcat's WebdavServlet in-process (basic auth,
 * a local document base): checklist #61 and #63, and the whole file contract in every format.
 */
class WebDavConnectorTest extends StagedConnectorContract {
    private static final String USER = "loader";
    private static final String PASSWORD = "dav-Pa55word";
    private Tomcat tomcat;
    private Path docBase;

    @Override
    String type() {
        return "webdav";
    }

    @Override
    Connector connector() {
        return new WebDavConnector();
    }

    @Override
    ObjectNode connection() {
        return Plans.JSON.createObjectNode().put("host", "127.0.0.1").put("port", tomcat.getConnector().getLocalPort())
                .put("protocol", "http").put("user", USER).put("password", PASSWORD);
    }

    @Override
    String root() {
        return docBase.toUri().toString().replaceAll("/$", "");
    }

    @Override
    void startServer(Path directory) throws Exception {
        docBase = Files.createDirectories(directory.resolve("root")).toAbsolutePath();
        // Spark (FsUrlStreamHandlerFactory) may own the JVM's one URL stream handler factory already
        TomcatURLStreamHandlerFactory.disable();
        tomcat = new Tomcat();
        tomcat.setBaseDir(directory.resolve("tomcat").toAbsolutePath().toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        WebDavShare.mount(tomcat, docBase, USER, PASSWORD);
        tomcat.start();
    }

    @Override
    void stopServer() {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } catch (org.apache.catalina.LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

}
