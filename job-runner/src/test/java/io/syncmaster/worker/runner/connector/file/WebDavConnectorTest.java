package io.syncmaster.worker.runner.connector.file;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.servlets.WebdavServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.support.Plans;

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
        Context context = tomcat.addContext("", docBase.toString());
        Wrapper dav = Tomcat.addServlet(context, "dav", new WebdavServlet());
        dav.addInitParameter("readonly", "false");
        dav.addInitParameter("listings", "true");
        context.addServletMappingDecoded("/*", "dav");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("dav");
        SecurityCollection everything = new SecurityCollection();
        everything.addPattern("/*");
        constraint.addCollection(everything);
        context.addConstraint(constraint);
        context.addSecurityRole("dav");
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("BASIC");
        login.setRealmName("dav");
        context.setLoginConfig(login);
        context.getPipeline().addValve(new BasicAuthenticator());
        tomcat.addUser(USER, PASSWORD);
        tomcat.addRole(USER, "dav");
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
