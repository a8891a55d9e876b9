package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Reads another component's configuration as that component gets it: through ConfigAdmin's plugins, so
 * {@code $[secret:...]} placeholders are resolved. Never creates a configuration.
 */
final class ConfigReader {
    private ConfigReader() {
    }

    /** The processed properties of {@code pid}, or an empty map when there is no such configuration. */
    static Map<String, Object> processed(ConfigurationAdmin admin, String pid) throws IOException {
        Configuration[] found;
        try {
            found = admin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + pid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad PID " + pid, e);
        }
        if (found == null || found.length == 0) {
            return Map.of();
        }
        Dictionary<String, Object> props = found[0].getProcessedProperties(null);
        return props == null ? Map.of() : toMap(props);
    }

    static Map<String, Object> toMap(Dictionary<String, ?> dictionary) {
        Map<String, Object> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : Collections.list(dictionary.keys())) {
            map.put(key, dictionary.get(key));
        }
        return map;
    }

    static Hashtable<String, Object> toHashtable(Dictionary<String, ?> dictionary) {
        Hashtable<String, Object> table = new Hashtable<>();
        if (dictionary != null) {
            for (String key : Collections.list(dictionary.keys())) {
                table.put(key, dictionary.get(key));
            }
        }
        return table;
    }

    /** A configuration value as text: the first element of an array or collection, {@code null} when absent. */
    static String text(Map<String, Object> props, String key) {
        Object value = first(props.get(key));
        return value == null ? null : String.valueOf(value);
    }

    static Object first(Object value) {
        if (value instanceof Object[] array) {
            return array.length == 0 ? null : array[0];
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.isEmpty() ? null : c.iterator().next();
        }
        if (value != null && value.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(value) == 0 ? null : java.lang.reflect.Array.get(value, 0);
        }
        return value;
    }
}
