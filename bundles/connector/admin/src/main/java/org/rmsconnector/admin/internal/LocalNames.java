package org.rmsconnector.admin.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The names this node goes by: its configured node name and its host's names, lower case. */
final class LocalNames {
    private LocalNames() {
    }

    static Set<String> of(String configuredNodeName, String frameworkNodeName) {
        Set<String> names = new LinkedHashSet<>();
        add(names, configuredNodeName);
        add(names, frameworkNodeName);
        add(names, System.getenv("HOSTNAME"));
        add(names, System.getenv("COMPUTERNAME"));
        try {
            InetAddress local = InetAddress.getLocalHost();
            add(names, local.getHostName());
            add(names, local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a host without a resolvable name: the other names still count
        }
        return names;
    }

    private static void add(Set<String> names, String name) {
        if (name != null && !name.isBlank()) {
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
    }
}
