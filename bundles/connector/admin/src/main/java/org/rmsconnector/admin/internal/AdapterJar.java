package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.workload.WorkloadAdapter;

/** What is checked before an uploaded jar may go into {@code deploy/}. */
final class AdapterJar {
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,120}\\.jar");
    private static final String ADAPTER_CLASS = WorkloadAdapter.class.getName();

    private AdapterJar() {
    }

    /** @throws AdminException INVALID unless the name is a plain jar file name (no path, no leading dot) */
    static void checkFileName(String fileName) throws AdminException {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches() || fileName.startsWith(".")) {
            throw new AdminException(AdminException.Reason.INVALID, "file: '" + fileName
                    + "' is not a jar file name; use letters, digits, '.', '_' and '-' only, ending in .jar, no path");
        }
    }

    /** The symbolic name without directives, or {@code null} when the jar has none or cannot be read. */
    static String symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : symbolicName(manifest.getMainAttributes());
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * Checks the staged jar: a readable jar, a bundle with a symbolic name on the allow-list, declaring that it
     * provides the {@link WorkloadAdapter} service.
     *
     * @return its symbolic name
     */
    static String check(Path jar, Set<String> allowed) throws AdminException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (IOException | SecurityException e) {
            throw invalid("the upload is not a jar file (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            throw invalid("the jar has no META-INF/MANIFEST.MF, so it is not an OSGi bundle");
        }
        Attributes main = manifest.getMainAttributes();
        String name = symbolicName(main);
        if (name == null) {
            throw invalid("the jar's manifest has no Bundle-SymbolicName, so it is not an OSGi bundle");
        }
        if (!allowed.contains(name)) {
            throw invalid("bundle " + name + " is not a known workload adapter; allowed are " + allowed
                    + " (add it to adapter.symbolic.names in etc/" + AdminConfiguration.PID + ".cfg)");
        }
        String provided = main.getValue("Provide-Capability");
        if (provided == null || !providesAdapter(provided)) {
            throw invalid("bundle " + name + " does not declare that it provides the " + ADAPTER_CLASS
                    + " service (Provide-Capability: osgi.service;objectClass:List<String>=\"" + ADAPTER_CLASS
                    + "\"), so it is not a workload adapter");
        }
        return name;
    }

    static String symbolicName(Attributes main) {
        String value = main.getValue("Bundle-SymbolicName");
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        String name = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        return name.isEmpty() ? null : name;
    }

    static boolean providesAdapter(String provideCapability) {
        // bnd writes: osgi.service;objectClass:List<String>="org.rmsconnector.api.workload.WorkloadAdapter";uses:=...
        Pattern objectClass = Pattern.compile("objectClass(?::List<String>)?\\s*=\\s*\"([^\"]*)\"");
        for (String clause : splitOutsideQuotes(provideCapability, ',')) {
            String c = clause.trim();
            if (!c.startsWith("osgi.service;") && !c.startsWith("osgi.service ")) {
                continue;
            }
            java.util.regex.Matcher m = objectClass.matcher(c);
            while (m.find()) {
                for (String name : m.group(1).split(",")) {
                    if (name.trim().equals(ADAPTER_CLASS)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static java.util.List<String> splitOutsideQuotes(String text, char separator) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static AdminException invalid(String message) {
        return new AdminException(AdminException.Reason.INVALID, message);
    }
}
