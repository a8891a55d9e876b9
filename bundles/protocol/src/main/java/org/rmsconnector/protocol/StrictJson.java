package org.rmsconnector.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.rmsconnector.protocol.internal.StrictJsonReader;
import org.rmsconnector.protocol.jose.Fields;

/**
 * The JSON every receiver in this project reads (docs/protocol.md §2), for code that reads a body before or beside the
 * wire records' {@code fromJson}: UTF-8 without a byte order mark, exactly RFC 8259, each member name at most once
 * per object at any depth, strings of well-formed Unicode (no lone surrogate, escaped or raw), at most
 * {@value #MAX_CHARS} characters and {@value #MAX_DEPTH} levels deep. A refusal is {@link Reason#MALFORMED} and names
 * the JSON path: {@code AcquireLicenseRequest.items[2].publishingLicense: duplicate member name}.
 *
 * <p>Two parsers that disagree about a body are the attack: the relay checks one reading and the cloud acts on
 * another. Refusing whatever could be read two ways leaves one reading.
 */
public final class StrictJson {

    /** Longest JSON text read. */
    public static final int MAX_CHARS = Fields.MAX_JSON_CHARS;

    /** Deepest nesting read. */
    public static final int MAX_DEPTH = StrictJsonReader.MAX_DEPTH;

    private StrictJson() {
    }

    /**
     * Parses one JSON object into a map the caller may change (member order kept; nested objects are maps, arrays
     * lists, integers {@code Long}, other numbers {@code Double}, JSON null {@code null}).
     *
     * @param what the name of the message, the start of every path in a refusal
     */
    public static Map<String, Object> parseObject(String json, String what) throws ProtocolException {
        if (json == null) {
            throw new ProtocolException(Reason.MALFORMED, what + ": no JSON");
        }
        return StrictJsonReader.object(json, what);
    }

    /**
     * Decodes the bytes of a JSON text. Anything but well-formed UTF-8 is refused, never replaced by U+FFFD: a
     * replacement would let two different byte strings read as the same text. The refusal names the byte offset and,
     * as far as the text before it shows, the JSON path of the value that holds the byte.
     *
     * @param what the name of the message, the start of the path in a refusal
     */
    public static String text(byte[] utf8, String what) throws ProtocolException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        CharBuffer out = CharBuffer.allocate(utf8.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            String before = new String(Arrays.copyOf(utf8, at), StandardCharsets.UTF_8); // valid up to here
            throw new ProtocolException(Reason.MALFORMED, StrictJsonReader.pathAtEnd(before, what)
                    + ": not UTF-8: byte " + at + String.format(" (0x%02x)", utf8[at] & 0xff)
                    + " starts no valid UTF-8 sequence; JSON bodies are UTF-8");
        }
        return out.flip().toString();
    }

    /** {@link #text} and then {@link #parseObject}. */
    public static Map<String, Object> parseObject(byte[] utf8, String what) throws ProtocolException {
        return parseObject(text(utf8, what), what);
    }
}
