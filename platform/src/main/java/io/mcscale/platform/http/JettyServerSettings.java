package io.mcscale.platform.http;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/** What the platform changes in the Jetty server that Javalin builds. */
final class JettyServerSettings {
    /**
     * Connections waiting to be accepted. With the JDK's default of 50, a burst of new connections (300 users at
     * once) overflowed the queue; the kernel dropped their SYNs and clients waited for its 1, 3 and 7 s resends.
     */
    static final int ACCEPT_QUEUE = 1024;

    private JettyServerSettings() {
    }

    static void apply(Server server) {
        server.setStopTimeout(5_000);
        server.setErrorHandler(new JsonErrorHandler());
        // Javalin adds its connector after this runs; its accept queue is set as the server starts.
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (connector instanceof ServerConnector serverConnector) {
                        serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                    }
                }
            }
        });
    }
}
