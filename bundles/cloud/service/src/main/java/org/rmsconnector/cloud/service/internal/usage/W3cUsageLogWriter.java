package org.rmsconnector.cloud.service.internal.usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.rmsconnector.cloud.model.UsageRecord;

/**
 * Writes usage records in the W3C extended log file format (the format the reference service's
 * usage logs use), one record per line, fields separated by single spaces, times in UTC.
 *
 * <p>Escaping: a missing (null or empty) value is {@code -}; in a value, {@code %}, whitespace and
 * control characters are percent-encoded as their UTF-8 bytes ({@code %20} for a space), and a value
 * that is exactly {@code -} is written {@code %2D}, so every line splits into exactly the declared
 * fields and a real hyphen can't be mistaken for a missing value.
 */
public final class W3cUsageLogWriter {

    /** The fields, in the order every line carries them. */
    public static final List<String> FIELDS = List.of("date", "time", "request-type", "user-id", "result",
            "correlation-id", "content-id", "owner-email", "issuer", "template-id", "acting-as-user", "connector-id");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String software;

    /** @param software the {@code #Software} directive, e.g. product name and version */
    public W3cUsageLogWriter(String software) {
        this.software = software;
    }

    /**
     * Writes the directives and the records.
     *
     * @param generatedAt the {@code #Date} directive
     * @throws UncheckedIOException when the writer fails
     */
    public void write(Iterable<UsageRecord> records, Instant generatedAt, Writer out) {
        try {
            out.write("#Software: " + directive(software) + "\n");
            out.write("#Version: 1.0\n");
            out.write("#Date: " + DATE_TIME.format(generatedAt) + "\n");
            out.write("#Fields: " + String.join(" ", FIELDS) + "\n");
            for (UsageRecord r : records) {
                out.write(line(r));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the usage log", e);
        }
    }

    /** One record as a log line, without the line end. */
    public static String line(UsageRecord r) {
        String[] values = {
            DATE.format(r.timestamp()), TIME.format(r.timestamp()), r.requestType(), r.user(), r.result(),
            r.correlationId(), r.contentId(), r.owner(), r.issuer(),
            r.templateId() == null ? null : r.templateId().toString(), r.actingAs(), r.connectorId()
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(escape(values[i]));
        }
        return sb.toString();
    }

    /** Escapes one field value as described in the class comment. */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        if (value.equals("-")) {
            return "%2D";
        }
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (cp == '%' || Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.isSpaceChar(cp)
                    || Character.getType(cp) == Character.FORMAT) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** Reverses {@link #escape}; {@code -} gives null. For readers of exported logs and for tests. */
    public static String unescape(String field) {
        if (field.equals("-")) {
            return null;
        }
        if (field.indexOf('%') < 0) {
            return field;
        }
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '%' && i + 2 < utf8.length) {
                out.write(Integer.parseInt(new String(utf8, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // directives are single lines: a line break in the software name would forge a directive
    private static String directive(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
