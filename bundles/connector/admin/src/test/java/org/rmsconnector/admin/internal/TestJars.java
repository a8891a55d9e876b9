package org.rmsconnector.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Jars made in memory, with the manifest headers bnd writes for a workload adapter. */
final class TestJars {
    static final String ADAPTER_CAPABILITY = "osgi.service;objectClass:List<String>=\""
            + "org.rmsconnector.api.workload.WorkloadAdapter\";uses:=\"org.rmsconnector.api.workload\"";

    private TestJars() {
    }

    static byte[] adapter(String symbolicName, String version) throws IOException {
        return jar(symbolicName + ";singleton:=true", version,
                "osgi.service;objectClass:List<String>=\"a.B,c.D\"," + ADAPTER_CAPABILITY);
    }

    /** @param symbolicName or null for none; @param capability or null for none */
    static byte[] jar(String symbolicName, String version, String capability) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        main.putValue("Bundle-Version", version);
        if (capability != null) {
            main.putValue("Provide-Capability", capability);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("version.txt"));
            out.write(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
