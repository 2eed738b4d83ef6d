package io.syncmaster.worker.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The demo prints its own progress, so it replaces the operator's console logging (every worker and job-runner line
 * at INFO) with a configuration that logs only problems. A user's {@code -Dlogback.configurationFile} wins, and so
 * does a test class path ({@code logback-test.xml}), whose logging must not be reset under other tests.
 */
final class DemoLogging {

    private static final String RESOURCE = "io/syncmaster/worker/demo/logback-demo.xml";

    private DemoLogging() {
    }

    static void quiet() {
        ClassLoader loader = DemoLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        URL config = loader.getResource(RESOURCE);
        if (!(factory instanceof LoggerContext context) || config == null) {
            return;
        }
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            context.reset();
            configurator.doConfigure(config);
        } catch (JoranException e) {
            System.err.println("demo: cannot apply the demo's logging configuration: " + e.getMessage());
        }
    }
}
