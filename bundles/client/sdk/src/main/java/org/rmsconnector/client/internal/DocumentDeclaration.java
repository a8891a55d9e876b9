package org.rmsconnector.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@code document} member an FCI server adds to a publish request: the file's name, its first 8 bytes and, for
 * a zip, the part names its {@code [Content_Types].xml} declares. The FCI connector decides from it whether the file
 * is an Office document (bundles/connector/workloads/fci/README.md); the content itself never leaves the server unencrypted.
 */
final class DocumentDeclaration {
    private static final int MAGIC_BYTES = 8;
    private static final int MAX_PART_NAMES = 10_000;
    private static final Pattern PART_NAME = Pattern.compile("PartName=\"([^\"]+)\"");

    private DocumentDeclaration() {
    }

    static Map<String, Object> of(Path file) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(MAGIC_BYTES);
        }
        Map<String, Object> declaration = new LinkedHashMap<>();
        declaration.put("name", file.getFileName().toString());
        declaration.put("magic", Base64.getUrlEncoder().withoutPadding().encodeToString(magic));
        if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            List<String> parts = partNames(file);
            if (parts != null) {
                declaration.put("contentTypes", parts);
            }
        }
        return declaration;
    }

    /** The part names of {@code [Content_Types].xml}, or null when the zip has none (not an OOXML package). */
    private static List<String> partNames(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry types = zip.getEntry("[Content_Types].xml");
            if (types == null) {
                return null;
            }
            String xml;
            try (InputStream in = zip.getInputStream(types)) {
                xml = new String(in.readNBytes(4 * 1024 * 1024), java.nio.charset.StandardCharsets.UTF_8);
            }
            List<String> parts = new ArrayList<>();
            Matcher m = PART_NAME.matcher(xml);
            while (m.find() && parts.size() < MAX_PART_NAMES) {
                parts.add(m.group(1));
            }
            return parts;
        } catch (IOException e) {
            return null; // not a readable zip: the connector will say it is not an Office document
        }
    }
}
