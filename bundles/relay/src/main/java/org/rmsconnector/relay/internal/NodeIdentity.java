package org.rmsconnector.relay.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which node this is, for the verification page, events and logs. */
final class NodeIdentity {
    private NodeIdentity() {
    }

    static String name(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
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
