package org.rmsconnector.commons;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which node this is, for the verification page, events and logs: one rule for every bundle that names the node. */
public final class NodeName {
    /** The framework property the start script sets from {@code RMS_NODE_NAME}. */
    public static final String PROPERTY = "rms.node.name";

    private NodeName() {
    }

    /**
     * The configured name, else the {@value #PROPERTY} framework property, else the host name ({@code HOSTNAME},
     * then what the resolver says), else {@code localhost}. Surrounding blanks are trimmed.
     *
     * @param configured the bundle's own setting (the relay's {@code node.name}), may be null or blank
     * @param frameworkProperty {@code context.getProperty(NodeName.PROPERTY)}, may be null or blank
     */
    public static String resolve(String configured, String frameworkProperty) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (frameworkProperty != null && !frameworkProperty.isBlank()) {
            return frameworkProperty.trim();
        }
        return hostName();
    }

    /** {@code HOSTNAME}, else the local host's name as the resolver gives it, else {@code localhost}. */
    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
