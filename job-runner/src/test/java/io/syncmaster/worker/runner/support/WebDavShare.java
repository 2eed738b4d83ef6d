package io.syncmaster.worker.runner.support;

import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.servlets.WebdavServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * The one WebDAV share the tests serve with Tomcat's {@link WebdavServlet}: a writable root over a directory, behind
 * HTTP basic auth for one user. The protocol tests and the connector tests both mount it, so both talk to the same
 * server behaviour.
 */
public final class WebDavShare {
    private WebDavShare() {
    }

    /** Mounts the share at {@code /} of {@code tomcat} (not started yet), serving {@code docBase} to {@code user}. */
    public static Context mount(Tomcat tomcat, Path docBase, String user, String password) {
        Context context = tomcat.addContext("", docBase.toString());
        // no resource cache: it serves directory listings up to 5 s old, which a WebDAV server must not do
        StandardRoot resources = new StandardRoot(context);
        resources.setCachingAllowed(false);
        context.setResources(resources);
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
        tomcat.addUser(user, password);
        tomcat.addRole(user, "dav");
        return context;
    }
}
