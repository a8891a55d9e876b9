package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rmsconnector.api.workload.Workload;

/**
 * The {@code enabled} switch of each workload, on the configuration its adapter bundle's switch component reads
 * ({@code org.rmsconnector.workload.<id>}).
 */
final class WorkloadSwitches {
    static final String PID_PREFIX = "org.rmsconnector.workload.";
    static final String ENABLED = "enabled";
    /** The property FileInstall puts on a configuration it made from a file in etc/. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final ConfigurationAdmin admin;

    WorkloadSwitches(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    static String pid(Workload workload) {
        return PID_PREFIX + workload.id();
    }

    /** Whether the switch is on, read as the switch component reads it. */
    boolean enabled(Workload workload) throws IOException {
        return enabled(ConfigReader.processed(admin, pid(workload)).get(ENABLED));
    }

    /**
     * The value the switch component gets from Declarative Services for {@code boolean enabled() default true}: the
     * default when absent (no configuration, no property, an empty array), a Boolean as it is, anything else by
     * {@link Boolean#parseBoolean} of its text (so {@code "TRUE"} is on and {@code "yes"} is off).
     */
    static boolean enabled(Object raw) {
        Object value = ConfigReader.first(raw);
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return Boolean.parseBoolean(String.valueOf(value));
    }

    /**
     * Sets the switch, keeping every other property. A configuration FileInstall made from etc/ gets the same value
     * written into its file too: FileInstall does not save ConfigAdmin changes back (the runtime turns that off), and
     * would otherwise put the file's value back at the next start.
     */
    void set(Workload workload, boolean enabled) throws IOException {
        // "?": a multi-location binding, as FileInstall uses, so the adapter bundle (whatever its location) gets it
        Configuration configuration = admin.getConfiguration(pid(workload), "?");
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> next = ConfigReader.toHashtable(current);
        // keep the type the value had: FileInstall compares the file's text with it and would update again otherwise
        Object old = current == null ? null : current.get(ENABLED);
        Object value = old instanceof String ? String.valueOf(enabled) : Boolean.valueOf(enabled);
        Object fileName = next.get(FILEINSTALL_FILENAME);
        if (fileName instanceof String name && name.startsWith("file:")) {
            CfgFile.setProperty(Path.of(URI.create(name)), ENABLED, String.valueOf(enabled));
        }
        next.put(ENABLED, value);
        configuration.update(next);
    }
}
