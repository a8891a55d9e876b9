package org.rmsconnector.admin.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * ConfigurationAdmin in memory, with the parts of its contract the admin bundle relies on: a configuration made by
 * {@code getConfiguration} exists (and is listed) only once updated; {@code getProperties} returns a copy;
 * {@code getProcessedProperties} runs a "plugin" that resolves {@code $[secret:name]} from a map.
 */
final class MemoryConfigAdmin {
    private static final Pattern SECRET = Pattern.compile("\\$\\[secret:([^\\]]+)\\]");

    final Map<String, Hashtable<String, Object>> stored = new ConcurrentHashMap<>();
    final Map<String, String> locations = new ConcurrentHashMap<>();
    final Map<String, String> secrets = new HashMap<>();
    final List<String> updates = new ArrayList<>();

    void put(String pid, Map<String, ?> properties) {
        Hashtable<String, Object> table = new Hashtable<>(properties);
        table.put(Constants.SERVICE_PID, pid);
        stored.put(pid, table);
    }

    ConfigurationAdmin service() {
        return Fakes.of(ConfigurationAdmin.class, Map.of(
                "getConfiguration", a -> {
                    String pid = (String) a[0];
                    locations.putIfAbsent(pid, a.length > 1 ? String.valueOf(a[1]) : "bound");
                    return configuration(pid);
                },
                "listConfigurations", a -> list((String) a[0])));
    }

    private Configuration[] list(String filter) {
        Matcher m = Pattern.compile("\\(service\\.pid=([^)]+)\\)").matcher(filter);
        if (!m.matches()) {
            throw new IllegalArgumentException("this fake lists by service.pid only: " + filter);
        }
        return stored.containsKey(m.group(1)) ? new Configuration[] {configuration(m.group(1))} : null;
    }

    private Configuration configuration(String pid) {
        return Fakes.of(Configuration.class, Map.of(
                "getPid", a -> pid,
                "getProperties", a -> copy(pid),
                "getProcessedProperties", a -> processed(pid),
                "update", a -> {
                    @SuppressWarnings("unchecked")
                    Dictionary<String, Object> d = (Dictionary<String, Object>) a[0];
                    Hashtable<String, Object> table = ConfigReader.toHashtable(d);
                    table.put(Constants.SERVICE_PID, pid);
                    stored.put(pid, table);
                    updates.add(pid);
                    return null;
                }));
    }

    private Hashtable<String, Object> copy(String pid) {
        Hashtable<String, Object> table = stored.get(pid);
        return table == null ? null : new Hashtable<>(table);
    }

    private Hashtable<String, Object> processed(String pid) {
        Hashtable<String, Object> table = copy(pid);
        if (table != null) {
            table.replaceAll((k, v) -> v instanceof String s ? resolve(s) : v);
        }
        return table;
    }

    private String resolve(String value) {
        Matcher m = SECRET.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String secret = secrets.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(secret == null ? m.group() : secret));
        }
        return m.appendTail(out).toString();
    }
}
