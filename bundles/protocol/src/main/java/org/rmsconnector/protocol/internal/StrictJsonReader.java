package org.rmsconnector.protocol.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/**
 * Reads exactly RFC 8259 JSON, and refuses what lax parsers let through and then read differently from one another:
 * a member name twice in one object at any depth (one parser keeps the first, another the last), strings that are
 * not well-formed Unicode (a lone surrogate, escaped as <code>&#92;ud800</code> or raw), comments, single quotes, unquoted
 * names, trailing commas, a byte order mark, raw control characters, content after the value. Every refusal is
 * {@link Reason#MALFORMED} and names the JSON path where it happened
 * ({@code AcquireLicenseRequest.items[2].publishingLicense: duplicate member name}).
 *
 * <p>Objects become mutable {@link LinkedHashMap}s in member order, arrays {@link ArrayList}s, integers that fit
 * {@code long} {@link Long}, other numbers {@link Double}: the same types Nimbus' parser gave, so the readers above
 * it did not change.
 */
public final class StrictJsonReader {

    /** Upper bound for any single JSON text we parse: far above real messages, low enough to refuse a flood early. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    /** Deepest nesting read: the messages are five levels deep; a recursive reader must not be driven to overflow. */
    public static final int MAX_DEPTH = 64;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]{0,63}");

    private final String text;
    private final StringBuilder path;
    private int pos;
    private int depth;

    private StrictJsonReader(String text, String what) {
        this.text = text;
        this.path = new StringBuilder(what);
    }

    /** Parses {@code text}, which must be one JSON object; {@code what} starts every path in a refusal. */
    public static Map<String, Object> object(String text, String what) throws ProtocolException {
        if (text.length() > MAX_CHARS) {
            throw new ProtocolException(Reason.MALFORMED, what + ": the JSON text is longer than "
                    + MAX_CHARS + " characters");
        }
        try {
            return new StrictJsonReader(text, what).document();
        } catch (Stop s) {
            throw new ProtocolException(Reason.MALFORMED, s.path + ": " + s.getMessage() + " (at character "
                    + s.offset + ")");
        }
    }

    /**
     * Where a JSON text that ends early stopped: the path of the value being read at its end. Names the field that
     * held an undecodable byte, given the text decoded up to that byte.
     */
    public static String pathAtEnd(String prefix, String what) {
        try {
            new StrictJsonReader(prefix, what).document();
            return what;
        } catch (Stop s) {
            return s.path;
        }
    }

    private Map<String, Object> document() throws Stop {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw stop("a byte order mark is not allowed before the JSON text");
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw stop("no JSON text; a JSON object is expected");
        }
        if (text.charAt(pos) != '{') {
            throw stop("not a JSON object");
        }
        Map<String, Object> object = object();
        skipWhitespace();
        if (pos < text.length()) {
            throw stop("unexpected " + describe(text.charAt(pos)) + " after the JSON object");
        }
        return object;
    }

    private Object value() throws Stop {
        skipWhitespace();
        if (pos >= text.length()) {
            throw stop("the JSON text ends where a value is expected");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield number();
                }
                throw stop("unexpected " + describe(c) + " where a value is expected");
            }
        };
    }

    private Map<String, Object> object() throws Stop {
        enter();
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw stop(pos >= text.length() ? "the JSON text ends where a member name is expected"
                        : "a member name in double quotes is expected, not " + describe(text.charAt(pos)));
            }
            int nameAt = pos;
            String name = string();
            int mark = path.length();
            path.append(segment(name));
            if (map.containsKey(name)) {
                pos = nameAt;
                throw stop("duplicate member name; a member may appear only once in an object");
            }
            skipWhitespace();
            expect(':', "':' after the member name");
            map.put(name, value());
            path.setLength(mark);
            skipWhitespace();
            if (pos >= text.length()) {
                throw stop("the JSON text ends inside an object; ',' or '}' is expected");
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                pos--;
                throw stop("',' or '}' is expected, not " + describe(c));
            }
        }
    }

    private List<Object> array() throws Stop {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            int mark = path.length();
            path.append('[').append(list.size()).append(']');
            list.add(value());
            path.setLength(mark);
            skipWhitespace();
            if (pos >= text.length()) {
                throw stop("the JSON text ends inside an array; ',' or ']' is expected");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                pos--;
                throw stop("',' or ']' is expected, not " + describe(c));
            }
        }
    }

    private String string() throws Stop {
        int start = pos;
        pos++; // '"'
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw stop("the JSON text ends inside a string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                throw stop("raw control character " + describe(c) + " in a string; it must be escaped");
            } else {
                out.append(c);
                pos++;
            }
        }
        requireWellFormed(out, start);
        return out.toString();
    }

    private char escape() throws Stop {
        if (pos + 1 >= text.length()) {
            throw stop("the JSON text ends inside an escape");
        }
        char e = text.charAt(pos + 1);
        pos += 2;
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape();
            default -> {
                pos -= 2;
                throw stop("invalid escape \\" + printable(e) + " in a string");
            }
        };
    }

    private char unicodeEscape() throws Stop {
        if (pos + 4 > text.length()) {
            pos -= 2;
            throw stop("a \\u escape needs four hexadecimal digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0 || text.charAt(pos + i) > 'f') {
                pos -= 2;
                throw stop("a \\u escape needs four hexadecimal digits");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    /** Surrogates come in pairs, high then low, whether they were escaped or raw; anything else is no text. */
    private void requireWellFormed(CharSequence s, int start) throws Stop {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                pos = start;
                throw stop(String.format("lone surrogate \\u%04x in a string; strings must be well-formed Unicode",
                        (int) c));
            }
        }
    }

    private Object number() throws Stop {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= text.length() || !isDigit(text.charAt(pos))) {
            pos = start;
            throw stop("invalid number");
        }
        if (text.charAt(pos) == '0' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            pos = start;
            throw stop("invalid number: leading zeros are not allowed");
        }
        digits();
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            requireDigit(start);
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            requireDigit(start);
            digits();
        }
        String token = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                // beyond long: a double, as before
            }
        }
        double d = Double.parseDouble(token);
        if (Double.isInfinite(d)) {
            pos = start;
            throw stop("number out of range");
        }
        return d;
    }

    private void requireDigit(int start) throws Stop {
        if (pos >= text.length() || !isDigit(text.charAt(pos))) {
            pos = start;
            throw stop("invalid number");
        }
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private Object literal(String word, Object value) throws Stop {
        if (!text.startsWith(word, pos)) {
            throw stop("unexpected " + describe(text.charAt(pos)) + " where a value is expected");
        }
        pos += word.length();
        return value;
    }

    private void enter() throws Stop {
        if (++depth > MAX_DEPTH) {
            throw stop("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c, String what) throws Stop {
        if (pos >= text.length()) {
            throw stop("the JSON text ends where " + what + " is expected");
        }
        if (text.charAt(pos) != c) {
            throw stop(what + " is expected, not " + describe(text.charAt(pos)));
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Stop stop(String problem) {
        return new Stop(path.toString(), problem, pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A member name as a path segment: {@code .name}, or {@code ["odd name"]} printable and cut to 64 characters. */
    static String segment(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return "." + name;
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        StringBuilder out = new StringBuilder("[\"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c == '"' || c == '\\' ? "\\" + c : printable(c));
        }
        return out.append("\"]").toString();
    }

    /** A character safe to show in a message: printable ASCII as is, anything else escaped as backslash-u and four hex digits. */
    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static String describe(char c) {
        return "'" + printable(c) + "'";
    }

    /** Where and why reading stopped; an answer, not a failure, so no stack trace. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final String path;
        final int offset;

        Stop(String path, String problem, int offset) {
            super(problem, null, false, false);
            this.path = path;
            this.offset = offset;
        }
    }
}
