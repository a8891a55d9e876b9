package org.rmsconnector.simulators;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The header section of an RFC 5322 (RFC 822) message: the fields up to the first empty line, unfolded, in
 * order, with the address fields parsed by {@link AddressParser}. Only the header section is read, never the body,
 * and at most {@link #MAX_HEADER_BYTES} of it.
 *
 * <p>Tolerated, as real mail stores write them: LF or CRLF line ends, an mbox {@code From } line before the
 * first field, 8-bit (UTF-8, else ISO-8859-1) header text, repeated fields. Refused with the line number: a
 * continuation before the first field and a line that is neither a field nor a continuation.
 */
public final class MailHeaders {

    /** Most bytes of header section read; real messages have a few KB, the rest would be a broken file. */
    public static final int MAX_HEADER_BYTES = 1024 * 1024;

    /** One field: its name as written and its unfolded value (line breaks removed, leading space trimmed). */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;

    private MailHeaders(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** Reads the header section of the message in {@code file}. */
    public static MailHeaders read(Path file) throws IOException, MailFormatException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAX_HEADER_BYTES + 1);
        }
        int end = endOfHeaders(head);
        if (end < 0) {
            if (head.length > MAX_HEADER_BYTES) {
                throw new MailFormatException("no end of the header section (an empty line) within the first "
                        + MAX_HEADER_BYTES + " bytes; this is not a mail message");
            }
            end = head.length; // a message without a body
        }
        return parse(decode(head, end));
    }

    /** Parses a header section (the text before the empty line; an empty line ends it early anyway). */
    public static MailHeaders parse(String headerSection) throws MailFormatException {
        String[] lines = headerSection.split("\r?\n", -1);
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (name == null) {
                    throw new MailFormatException("line " + (i + 1) + ": a continuation line before the first "
                            + "header field");
                }
                value.append(line); // unfolding: the line break goes, the white space stays
                continue;
            }
            if (i == 0 && line.startsWith("From ")) {
                continue; // mbox separator line
            }
            int colon = line.indexOf(':');
            String candidate = colon < 0 ? "" : line.substring(0, colon).stripTrailing();
            if (candidate.isEmpty() || !candidate.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new MailFormatException("line " + (i + 1) + ": '" + abbreviate(line)
                        + "' is neither a header field (Name: value) nor a continuation line");
            }
            if (name != null) {
                fields.add(new Field(name, value.toString().strip()));
            }
            name = candidate;
            value = new StringBuilder(line.substring(colon + 1));
        }
        if (name != null) {
            fields.add(new Field(name, value.toString().strip()));
        }
        return new MailHeaders(fields);
    }

    /** All fields, in order. */
    public List<Field> fields() {
        return fields;
    }

    /** The values of every field named {@code name} (case-insensitive), in order. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f.value());
            }
        }
        return out;
    }

    /** The mailboxes of every field named {@code name}, group members included, in order. */
    public List<Mailbox> mailboxes(String name) throws MailFormatException {
        List<Mailbox> out = new ArrayList<>();
        for (String v : values(name)) {
            try {
                out.addAll(AddressParser.parse(v));
            } catch (MailFormatException e) {
                throw new MailFormatException(name + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The first mailbox of {@code From}: the sender, whom Exchange protects for. */
    public Optional<Mailbox> sender() throws MailFormatException {
        return mailboxes("From").stream().findFirst();
    }

    /**
     * The recipients in {@code To} and {@code Cc}, each address once (compared case-insensitively; the first
     * spelling wins). {@code Bcc} is left out: a message file as transport sees it no longer carries it.
     */
    public List<Mailbox> recipients() throws MailFormatException {
        Map<String, Mailbox> unique = new LinkedHashMap<>();
        for (String field : List.of("To", "Cc")) {
            for (Mailbox m : mailboxes(field)) {
                unique.putIfAbsent(m.address().toLowerCase(Locale.ROOT), m);
            }
        }
        return List.copyOf(unique.values());
    }

    private static int endOfHeaders(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (i == 0) {
                return 0; // starts with an empty line: no header fields
            }
            if (i + 1 < b.length && b[i + 1] == '\n') {
                return i + 1;
            }
            if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    // RFC 6532 allows UTF-8 in headers; older 8-bit mail is usually Latin-1, which decodes any byte.
    private static String decode(byte[] b, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
