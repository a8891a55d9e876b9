package org.rmsconnector.relay.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which node this is, for the verification page, events and logs. */
final class NodeIdentity {
    static final String PROPERTY = "rms.node.name";
    private NodeIdentity() {
    }

    /**
     * The configured name, else the {@code rms.node.name} framework property (set from {@code RMS_NODE_NAME} by the
     * start script), else the host name.
     */
    static String name(String configured, String frameworkProperty) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (frameworkProperty != null && !frameworkProperty.isBlank()) {
            return frameworkProperty.trim();
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
