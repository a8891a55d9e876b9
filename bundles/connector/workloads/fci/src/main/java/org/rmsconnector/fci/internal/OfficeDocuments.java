package org.rmsconnector.fci.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Which files the FCI workload protects: Office documents, recognised by their content and not only by their name.
 * <p>
 * The connector never sees a file, so the FCI server declares it in the publish request ({@link Declaration}, the
 * {@code document} member; bundles/connector/workloads/fci/README.md). {@link #declare(Path)} builds the declaration from a real file,
 * and {@link #problem(Declaration)} decides:
 * <ul>
 * <li>Office Open XML ({@code .docx .docm .dotx .dotm}, {@code .xlsx .xlsm .xltx .xltm .xlsb},
 * {@code .pptx .pptm .potx .potm .ppsx .ppsm}): a zip ({@code PK 03 04}) whose {@code [Content_Types].xml} names a
 * part in the application's folder ({@code /word/}, {@code /xl/}, {@code /ppt/});</li>
 * <li>legacy binary Office ({@code .doc .dot}, {@code .xls .xlt}, {@code .ppt .pot .pps}): an OLE2 compound file
 * ({@code D0 CF 11 E0 A1 B1 1A E1});</li>
 * <li>anything else, or a name whose content does not match its family (a renamed executable, a plain zip named
 * {@code .docx}, a workbook named {@code .docx}), is not an Office document.</li>
 * </ul>
 * The check is as good as the declaration: it catches files an FCI rule should not have picked, not a server that
 * lies about them (such a server could protect anything with rmsctl anyway). A legacy file is recognised by its
 * container only: any OLE2 file (an .msi, say) named {@code .doc} passes.
 */
public final class OfficeDocuments {

    /** The refusal's message for anything that is not an Office document. */
    public static final String MESSAGE = "The FCI connector protects Office documents only (Word, Excel, PowerPoint)."
            + " Protect other files with rmsctl directly against the service, or with the RMS sharing application.";

    /** Members of the declaration object. */
    public static final String NAME = "name";
    public static final String MAGIC = "magic";
    public static final String CONTENT_TYPES = "contentTypes";

    /** How many leading bytes a declaration carries. */
    public static final int MAGIC_BYTES = 8;
    /** Most part names a declaration may list; a real package has far fewer. */
    public static final int MAX_PART_NAMES = 10_000;
    /** Largest {@code [Content_Types].xml} {@link #declare} reads (it is a few KB in practice). */
    static final long MAX_CONTENT_TYPES_BYTES = 4L * 1024 * 1024;
    static final String CONTENT_TYPES_ENTRY = "[Content_Types].xml";

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
        (byte) 0xE1};

    /** The Office applications, with the folder of their parts in an Office Open XML package. */
    public enum Application {
        WORD("word"), EXCEL("xl"), POWERPOINT("ppt");

        private final String folder;

        Application(String folder) {
            this.folder = folder;
        }
    }

    /** The two container formats of Office documents. */
    public enum Format {
        /** Office Open XML: a zip package. */
        OOXML,
        /** The legacy binary formats: an OLE2 compound file. */
        OLE2
    }

    /** What a file name says it is. */
    public record Kind(Application application, Format format) {
    }

    private static final Map<String, Kind> EXTENSIONS = extensions();

    private static Map<String, Kind> extensions() {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (String e : List.of("docx", "docm", "dotx", "dotm")) {
            m.put(e, new Kind(Application.WORD, Format.OOXML));
        }
        for (String e : List.of("xlsx", "xlsm", "xltx", "xltm", "xlsb")) {
            m.put(e, new Kind(Application.EXCEL, Format.OOXML));
        }
        for (String e : List.of("pptx", "pptm", "potx", "potm", "ppsx", "ppsm")) {
            m.put(e, new Kind(Application.POWERPOINT, Format.OOXML));
        }
        for (String e : List.of("doc", "dot")) {
            m.put(e, new Kind(Application.WORD, Format.OLE2));
        }
        for (String e : List.of("xls", "xlt")) {
            m.put(e, new Kind(Application.EXCEL, Format.OLE2));
        }
        for (String e : List.of("ppt", "pot", "pps")) {
            m.put(e, new Kind(Application.POWERPOINT, Format.OLE2));
        }
        return Collections.unmodifiableMap(m);
    }

    private OfficeDocuments() {
    }

    /**
     * What the FCI server says about the file it protects.
     *
     * @param name the file name (a path is allowed; only its last segment counts)
     * @param magic the first {@value #MAGIC_BYTES} bytes of the file (fewer when the file is shorter)
     * @param contentTypes for a zip: the {@code PartName} of every {@code Override} in its
     *        {@code [Content_Types].xml}; {@code null} when the file is no zip or has no such entry
     */
    public record Declaration(String name, byte[] magic, List<String> contentTypes) {
        public Declaration {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(magic, "magic");
            magic = magic.clone();
            contentTypes = contentTypes == null ? null : List.copyOf(contentTypes);
        }

        @Override
        public byte[] magic() {
            return magic.clone();
        }

        /** The JSON object, {@code contentTypes} left out when there are none (the protocol's convention). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(NAME, name);
            m.put(MAGIC, Base64.getUrlEncoder().withoutPadding().encodeToString(magic));
            if (contentTypes != null) {
                m.put(CONTENT_TYPES, contentTypes);
            }
            return m;
        }

        public String toJson() {
            return JSONObjectUtils.toJSONString(toMap());
        }

        /**
         * Reads the {@code document} member of a publish request. {@code magic} may be base64 or base64url, with
         * or without padding.
         *
         * @throws IllegalArgumentException naming the member that is wrong
         */
        public static Declaration fromMember(Object value) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("expected an object {\"name\",\"magic\",\"contentTypes\"}");
            }
            if (!(m.get(NAME) instanceof String name) || name.isBlank()) {
                throw new IllegalArgumentException(NAME + ": expected the file name");
            }
            // an empty file has an empty magic: a valid declaration, of a file that is no Office document
            if (!(m.get(MAGIC) instanceof String encoded)) {
                throw new IllegalArgumentException(MAGIC + ": expected the first " + MAGIC_BYTES
                        + " bytes of the file in base64");
            }
            byte[] magic;
            try {
                magic = Base64.getUrlDecoder().decode(encoded.strip().replace('+', '-').replace('/', '_')
                        .replace("=", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MAGIC + ": not base64: " + e.getMessage());
            }
            if (magic.length > 4 * MAGIC_BYTES) {
                throw new IllegalArgumentException(MAGIC + ": expected the first " + MAGIC_BYTES + " bytes, got "
                        + magic.length);
            }
            Object types = m.get(CONTENT_TYPES);
            List<String> parts = null;
            if (types != null) {
                if (!(types instanceof List<?> list) || list.size() > MAX_PART_NAMES) {
                    throw new IllegalArgumentException(CONTENT_TYPES + ": expected at most " + MAX_PART_NAMES
                            + " part names");
                }
                parts = new ArrayList<>(list.size());
                for (Object p : list) {
                    if (!(p instanceof String s)) {
                        throw new IllegalArgumentException(CONTENT_TYPES + ": expected part names (strings)");
                    }
                    parts.add(s);
                }
            }
            return new Declaration(name, magic, parts);
        }
    }

    /**
     * Declares a real file: its name, its first bytes and, for a zip, the part names its
     * {@code [Content_Types].xml} overrides. Reads only the first bytes and the zip's central directory and that
     * one entry, never the document's content.
     */
    public static Declaration declare(Path file) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(MAGIC_BYTES);
        }
        List<String> contentTypes = startsWith(magic, ZIP) ? contentTypes(file) : null;
        Path name = file.getFileName();
        return new Declaration(name == null ? file.toString() : name.toString(), magic, contentTypes);
    }

    /** The overridden part names of the package's {@code [Content_Types].xml}, or null when it has none. */
    private static List<String> contentTypes(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(CONTENT_TYPES_ENTRY);
            if (entry == null || entry.isDirectory()) {
                return null;
            }
            byte[] xml;
            try (InputStream in = zip.getInputStream(entry)) {
                xml = in.readNBytes((int) MAX_CONTENT_TYPES_BYTES + 1);
            }
            return xml.length > MAX_CONTENT_TYPES_BYTES ? null : partNames(xml);
        } catch (ZipException e) {
            return null; // starts like a zip but is none
        }
    }

    private static List<String> partNames(byte[] xml) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<String> parts = new ArrayList<>();
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new java.io.ByteArrayInputStream(xml));
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT && "Override".equals(r.getLocalName())) {
                        String part = r.getAttributeValue(null, "PartName");
                        if (part != null && parts.size() < MAX_PART_NAMES) {
                            parts.add(part);
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            return null;
        }
        return parts;
    }

    /** What the file's name says it is, if it names an Office document at all. */
    public static Optional<Kind> kind(String name) {
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        int dot = last.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
                : Optional.ofNullable(EXTENSIONS.get(last.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** Whether the declaration describes an Office document whose content matches its name. */
    public static boolean isOffice(Declaration d) {
        return problem(d).isEmpty();
    }

    /** Why the declaration is not an Office document, or empty when it is one. For logs and tests. */
    public static Optional<String> problem(Declaration d) {
        Optional<Kind> kind = kind(d.name());
        if (kind.isEmpty()) {
            return Optional.of(d.name() + ": not the name of a Word, Excel or PowerPoint document");
        }
        Application app = kind.get().application();
        byte[] magic = d.magic();
        if (kind.get().format() == Format.OLE2) {
            return startsWith(magic, OLE2) ? Optional.empty()
                    : Optional.of(d.name() + ": the content is not an OLE2 compound file, as a legacy "
                            + app.name().toLowerCase(Locale.ROOT) + " document is");
        }
        if (!startsWith(magic, ZIP)) {
            return Optional.of(d.name() + ": the content is not an Office Open XML package (no zip signature)");
        }
        if (d.contentTypes() == null || d.contentTypes().isEmpty()) {
            return Optional.of(d.name() + ": the zip has no [Content_Types].xml, so it is no Office Open XML package");
        }
        String folder = "/" + app.folder + "/";
        boolean hasPart = d.contentTypes().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).startsWith(folder));
        return hasPart ? Optional.empty()
                : Optional.of(d.name() + ": the package holds no " + app.name().toLowerCase(Locale.ROOT)
                        + " part (nothing under " + folder + ")");
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
