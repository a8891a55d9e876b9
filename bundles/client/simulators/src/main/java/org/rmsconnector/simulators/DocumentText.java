package org.rmsconnector.simulators;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The text an FCI content rule searches. An Office Open XML package (a zip with {@code [Content_Types].xml}) gives
 * the text of its Word, Excel and PowerPoint parts: the {@code t} elements of {@code word/}, {@code xl/} and
 * {@code ppt/} XML parts (runs, shared strings, slide text), a line per paragraph or string item, read with
 * {@code java.util.zip} and StAX with DTDs and external entities off. A legacy binary Office file or another zip
 * has no text this reader understands (empty: a content rule does not select it). Anything else is read as
 * UTF-8 text, malformed bytes replaced. At most {@link #MAX_CHARS} characters are kept, and a part may inflate to
 * at most {@link #MAX_PART_BYTES}, so a zip bomb costs bounded time and memory.
 */
public final class DocumentText {

    /** Most characters of text kept per file; the rule sees the beginning of a longer text. */
    public static final int MAX_CHARS = 8 * 1024 * 1024;
    /** Most bytes a single zip part may inflate to before it is abandoned. */
    public static final long MAX_PART_BYTES = 64L * 1024 * 1024;

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
        (byte) 0xE1};
    private static final Pattern OFFICE_PART = Pattern.compile("(word|xl|ppt)/(?!.*_rels/).+\\.xml");

    /** What kind of file the text came from. */
    public enum Kind {
        /** An Office Open XML package: the text of its parts. */
        OOXML,
        /** A legacy binary Office (OLE2) file: no text. */
        LEGACY_OFFICE,
        /** A zip that is not an Office package, or a damaged one: no text. */
        OTHER_ZIP,
        /** Anything else, read as UTF-8. */
        PLAIN
    }

    /**
     * Extracted text.
     *
     * @param kind       what the file is
     * @param text       its text
     * @param truncated  whether text was cut at {@link #MAX_CHARS} or a part was abandoned at {@link #MAX_PART_BYTES}
     */
    public record Extracted(Kind kind, String text, boolean truncated) {
    }

    private DocumentText() {
    }

    /** The text of {@code file}. */
    public static Extracted of(Path file) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(OLE2.length);
        }
        if (startsWith(magic, OLE2)) {
            return new Extracted(Kind.LEGACY_OFFICE, "", false);
        }
        if (startsWith(magic, ZIP)) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                if (zip.getEntry("[Content_Types].xml") == null) {
                    return new Extracted(Kind.OTHER_ZIP, "", false);
                }
                return ooxml(zip);
            } catch (ZipException e) {
                return new Extracted(Kind.OTHER_ZIP, "", false);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_CHARS + 1);
            boolean truncated = b.length > MAX_CHARS;
            // a cut in the middle of a UTF-8 sequence only replaces that last character
            String text = new String(b, 0, Math.min(b.length, MAX_CHARS), StandardCharsets.UTF_8);
            return new Extracted(Kind.PLAIN, text, truncated);
        }
    }

    private static Extracted ooxml(ZipFile zip) throws IOException {
        StringBuilder text = new StringBuilder();
        boolean truncated = false;
        XMLInputFactory factory = xmlFactory();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements() && !truncated; ) {
            ZipEntry entry = e.nextElement();
            if (entry.isDirectory() || !OFFICE_PART.matcher(entry.getName()).matches()) {
                continue;
            }
            try (InputStream in = new Limited(zip.getInputStream(entry))) {
                truncated = partText(factory, in, text);
            } catch (XMLStreamException | PartTooLarge ex) {
                // a broken or oversized part: the text of the other parts still counts
                truncated |= ex instanceof PartTooLarge || ex.getCause() instanceof PartTooLarge;
            }
        }
        return new Extracted(Kind.OOXML, text.toString(), truncated);
    }

    /** Appends the text of one part; true when {@link #MAX_CHARS} was reached. */
    private static boolean partText(XMLInputFactory factory, InputStream in, StringBuilder text)
            throws XMLStreamException {
        XMLStreamReader r = factory.createXMLStreamReader(in);
        try {
            int inText = 0;
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        switch (r.getLocalName()) {
                            case "t" -> inText++;
                            case "tab" -> text.append('\t');
                            case "br", "cr" -> text.append('\n');
                            default -> { }
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        switch (r.getLocalName()) {
                            case "t" -> inText = Math.max(0, inText - 1);
                            case "p", "si" -> text.append('\n'); // paragraph (Word, PowerPoint), string item (Excel)
                            default -> { }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (inText > 0) {
                            text.append(r.getText());
                        }
                    }
                    default -> { }
                }
                if (text.length() >= MAX_CHARS) {
                    text.setLength(MAX_CHARS);
                    return true;
                }
            }
            return false;
        } finally {
            r.close();
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // An Office part never needs a DTD; refusing them rules out entity expansion and external fetches.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static final class PartTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        PartTooLarge() {
            super("a part inflates to more than " + MAX_PART_BYTES + " bytes");
        }
    }

    /** Fails once more than {@link #MAX_PART_BYTES} were read: the bound on a zip bomb. */
    private static final class Limited extends FilterInputStream {
        private long left = MAX_PART_BYTES;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new PartTooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (left -= n) < 0) {
                throw new PartTooLarge();
            }
            return n;
        }
    }
}
