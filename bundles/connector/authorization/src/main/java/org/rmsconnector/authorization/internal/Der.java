package org.rmsconnector.authorization.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Just enough DER to read a subject-alternative-name {@code otherName}: the JDK hands it over as encoded bytes
 * ({@code SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }}, the value wrapped in one more [0] by
 * the JDK 17 encoder). Anything unexpected reads as "no value"
 * rather than an error, so a certificate with an odd extra name still maps by its other names.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int CONTEXT_0 = 0xA0;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0C;

    private final byte[] data;
    private int pos;
    private final int end;

    private Der(byte[] data, int start, int end) {
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    /**
     * @param otherName the DER encoding of an otherName, with the SEQUENCE tag or the implicit [0] tag of GeneralName
     * @return the value if the otherName has type {@code oid} and a UTF8String value
     */
    static Optional<String> otherNameUtf8(byte[] otherName, String oid) {
        try {
            Der outer = new Der(otherName, 0, otherName.length);
            int tag = outer.tag();
            if (tag != SEQUENCE && tag != CONTEXT_0) {
                return Optional.empty();
            }
            Der body = outer.content();
            if (body.tag() != OID || !oid.equals(oidText(body.content().rest()))) {
                return Optional.empty();
            }
            if (body.tag() != CONTEXT_0) {
                return Optional.empty();
            }
            Der value = body.content();
            // the JDK keeps the [0] tag with the value it parsed and adds another when it encodes the otherName
            // again (a [0] inside the [0]); take the value out of as many wrappers as there are
            int valueTag = value.tag();
            for (int wrappers = 0; valueTag == CONTEXT_0 && wrappers < 4; wrappers++) {
                value = value.content();
                valueTag = value.tag();
            }
            if (valueTag != UTF8_STRING) {
                return Optional.empty();
            }
            return Optional.of(new String(value.content().rest(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private int tag() {
        need(1);
        return data[pos++] & 0xFF;
    }

    /** Reads a length and returns a reader over that many content bytes, moving past them. */
    private Der content() {
        need(1);
        int first = data[pos++] & 0xFF;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7F;
            if (octets == 0 || octets > 3) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            need(octets);
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (data[pos++] & 0xFF);
            }
        }
        need(length);
        Der inner = new Der(data, pos, pos + length);
        pos += length;
        return inner;
    }

    private byte[] rest() {
        byte[] out = new byte[end - pos];
        System.arraycopy(data, pos, out, 0, out.length);
        pos = end;
        return out;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new IllegalArgumentException("truncated DER");
        }
    }

    /** Dotted text of an OBJECT IDENTIFIER's content bytes. */
    static String oidText(byte[] content) {
        if (content.length == 0) {
            throw new IllegalArgumentException("empty OID");
        }
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = 0; i < content.length; i++) {
            int b = content[i] & 0xFF;
            if (value > (Long.MAX_VALUE >> 7)) {
                throw new IllegalArgumentException("OID arc too large");
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) != 0) {
                if (i == content.length - 1) {
                    throw new IllegalArgumentException("truncated OID");
                }
                continue;
            }
            if (first) {
                int top = value < 40 ? 0 : value < 80 ? 1 : 2;
                out.append(top).append('.').append(value - 40L * top);
                first = false;
            } else {
                out.append('.').append(value);
            }
            value = 0;
        }
        return out.toString();
    }
}
