package io.syncmaster.worker.operator.standalone;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Gives the standalone worker and the demo readable console logging when the user configured none: without a
 * {@code logback.xml} Logback logs everything at DEBUG. A user's {@code -Dlogback.configurationFile} or a
 * {@code logback.xml} on the class path always wins.
 */
public final class BundledLogging {

    private BundledLogging() {
    }

    /** Applies {@code resource} (a Logback XML on the class path) unless the user configured Logback. */
    public static void applyUnlessConfigured(String resource) {
        if (System.getProperty("logback.configurationFile") != null
                || BundledLogging.class.getClassLoader().getResource("logback.xml") != null
                || BundledLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        URL config = BundledLogging.class.getClassLoader().getResource(resource);
        if (!(factory instanceof LoggerContext context) || config == null) {
            return;
        }
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            context.reset();
            configurator.doConfigure(config);
        } catch (JoranException e) {
            System.err.println("syncmaster-worker: cannot apply the bundled logging configuration: " + e.getMessage());
        }
    }
}
