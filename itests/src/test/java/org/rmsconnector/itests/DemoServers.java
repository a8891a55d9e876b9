package org.rmsconnector.itests;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The standalone demo's sample servers (EXCH01, SP01, FS01): {@code bin/rmsctl} as each of them, over mutual TLS with
 * the client certificate the node made on first start, and the Office document they protect.
 */
final class DemoServers {

    static final Duration CLI = Duration.ofSeconds(90);

    private DemoServers() {
    }

    /** The workload a demo server is authorized for. */
    static String workload(String server) {
        return switch (server) {
            case "EXCH01" -> "exchange";
            case "SP01" -> "sharepoint";
            default -> "fci";
        };
    }

    /** Runs {@code bin/rmsctl <args>} as the demo server, through the node's connector. */
    static InstalledNode.Run as(InstalledNode node, Path work, String server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--client-cert", node.home.resolve("data/demo/" + server + ".p12")
                .toString(), "--client-cert-password-file", node.home.resolve("data/demo-password").toString(),
                "--workload", workload(server), "--home", work.resolve("home-" + server).toString()));
        all.addAll(List.of(args));
        return node.rmsctl(Map.of("RMS_SERVICE_URL", node.connector("").toString()), CLI, all.toArray(new String[0]));
    }

    /** A real (minimal) Word document: a zip with [Content_Types].xml naming /word/document.xml. */
    static Path officeDocument(Path file, String text) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                    + "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:body></w:document>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    /** A copy of a bundle jar with another Bundle-Version, everything else unchanged. */
    static Path withBundleVersion(Path jar, Path copy, String version) throws Exception {
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = new java.util.jar.Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(copy),
                    manifest)) {
                for (var entries = in.entries(); entries.hasMoreElements();) {
                    java.util.jar.JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (var data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    /**
     * Waits until a freshly started standalone node serves its demo servers (their certificates made, the
     * authorized-servers list arrived from the cloud) and returns the id of the template applications may use,
     * "Contoso - Confidential", as the FCI server lists it.
     */
    static String awaitReadyAndFindTemplate(InstalledNode node, Path work) throws Exception {
        node.awaitFile(node.home.resolve("data/demo/FS01.p12"), Duration.ofSeconds(60));
        node.await(node.client(), java.net.http.HttpRequest.newBuilder(node.connector("/health")).build(), 200,
                Duration.ofSeconds(60), "RMS authorization");
        InstalledNode.Run templates = as(node, work, "FS01", "--json", "templates");
        org.junit.Assert.assertEquals(templates.err(), 0, templates.exit());
        int at = templates.out().indexOf("Contoso - Confidential\"");
        org.junit.Assert.assertTrue(templates.out(), at > 0);
        int id = templates.out().lastIndexOf("\"id\":\"", at);
        return templates.out().substring(id + 6, templates.out().indexOf('"', id + 6));
    }
}
