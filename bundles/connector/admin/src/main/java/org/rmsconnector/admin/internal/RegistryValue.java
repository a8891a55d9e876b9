package org.rmsconnector.admin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One registry value of a {@code ServerConfiguration}: its key (with the hive's full name), its name
 * ({@code null} for the key's default value) and its string data.
 */
record RegistryValue(String key, String name, String data) {
    static final String DEFAULT_NAME = "(Default)";

    /** The hives a server configuration may write, by every name Windows tools accept, to their full names. */
    private static final Map<String, String> HIVES = Map.of("HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE", "HKLM",
            "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CURRENT_USER", "HKCU", "HKEY_CURRENT_USER");

    /**
     * @param path {@code HKEY_LOCAL_MACHINE\...\Key\ValueName}, {@code (Default)} as the value name for the default
     * @throws IllegalArgumentException for a path that is not hive, key and value name, or holds control characters
     */
    static RegistryValue parse(String path, String data) {
        if (path == null || data == null) {
            throw new IllegalArgumentException("a registry value without path or data");
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new IllegalArgumentException("registry path with a control character: " + path);
            }
        }
        int first = path.indexOf('\\');
        int last = path.lastIndexOf('\\');
        if (first <= 0 || last <= first || last == path.length() - 1) {
            throw new IllegalArgumentException("registry path is not HIVE\\Key\\ValueName: " + path);
        }
        String hive = HIVES.get(path.substring(0, first).toUpperCase(Locale.ROOT));
        if (hive == null) {
            throw new IllegalArgumentException("registry path outside HKEY_LOCAL_MACHINE and HKEY_CURRENT_USER: "
                    + path);
        }
        String subKey = path.substring(first + 1, last);
        if (subKey.contains("\\\\") || subKey.startsWith("\\") || subKey.contains("[") || subKey.contains("]")) {
            throw new IllegalArgumentException("registry key with an empty part or brackets: " + path);
        }
        String name = path.substring(last + 1);
        return new RegistryValue(hive + "\\" + subKey, DEFAULT_NAME.equalsIgnoreCase(name) ? null : name, data);
    }

    static List<RegistryValue> parseAll(Map<String, String> values) {
        List<RegistryValue> list = new ArrayList<>();
        values.forEach((path, data) -> list.add(parse(path, data)));
        return list;
    }

    /** The key with the hive abbreviated ({@code HKLM\...}), as the Group Policy cmdlets want it. */
    String shortKey() {
        return key.startsWith("HKEY_LOCAL_MACHINE\\") ? "HKLM" + key.substring("HKEY_LOCAL_MACHINE".length())
                : "HKCU" + key.substring("HKEY_CURRENT_USER".length());
    }

    /** The full path as the ServerConfiguration wrote it, with the hive's full name. */
    String path() {
        return key + "\\" + (name == null ? DEFAULT_NAME : name);
    }
}
