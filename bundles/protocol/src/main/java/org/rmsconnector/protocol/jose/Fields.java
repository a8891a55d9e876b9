package org.rmsconnector.protocol.jose;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.internal.StrictJsonReader;

/**
 * Typed, path-aware read access to a parsed JSON object, so every refusal names the exact
 * field ({@code AcquireLicenseRequest.items[0].publishingLicense: missing}).
 */
public final class Fields {

    /** Upper bound for any single JSON text we parse: far above real messages, low enough to refuse a flood early. */
    public static final int MAX_JSON_CHARS = StrictJsonReader.MAX_CHARS;

    private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]*");

    private final Map<String, Object> map;
    private final String path;

    private Fields(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    /**
     * Parses {@code json} as one JSON object with the {@link StrictJsonReader strict reader}; {@code what} prefixes
     * every error message.
     */
    public static Fields parse(String json, String what) throws ProtocolException {
        if (json == null) {
            throw new ProtocolException(Reason.MALFORMED, what + ": no JSON");
        }
        return new Fields(StrictJsonReader.object(json, what), what);
    }

    /** Wraps an already parsed object. */
    public static Fields of(Map<String, Object> map, String what) {
        return new Fields(map, what);
    }

    /** The path this object was reached by, for messages. */
    public String path() {
        return path;
    }

    /** Names {@code field} under this object, for messages. */
    public String name(String field) {
        return path + "." + field;
    }

    /** A MALFORMED refusal naming {@code field}. */
    public ProtocolException malformed(String field, String problem) {
        return new ProtocolException(Reason.MALFORMED, name(field) + ": " + problem);
    }

    /** Whether {@code field} is present and not JSON null. */
    public boolean has(String field) {
        return map.get(field) != null;
    }

    private Object required(String field) throws ProtocolException {
        Object v = map.get(field);
        if (v == null) {
            throw malformed(field, "missing");
        }
        return v;
    }

    /** A required, non-blank string. */
    public String string(String field) throws ProtocolException {
        String s = optString(field);
        if (s == null) {
            throw malformed(field, "missing");
        }
        return s;
    }

    /** An optional string: null when absent or JSON null; refused when present but blank or not a string. */
    public String optString(String field) throws ProtocolException {
        Object v = map.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw malformed(field, "expected a string");
        }
        if (s.isBlank()) {
            throw malformed(field, "must not be blank");
        }
        return s;
    }

    /** A required integral number. */
    public long number(String field) throws ProtocolException {
        Object v = required(field);
        if (!(v instanceof Long l)) {
            throw malformed(field, "expected an integer");
        }
        return l;
    }

    /** A required integer within [min, max]. */
    public int integer(String field, int min, int max) throws ProtocolException {
        long v = number(field);
        if (v < min || v > max) {
            throw malformed(field, "must be between " + min + " and " + max);
        }
        return (int) v;
    }

    /** A required instant, as JWT NumericDate (seconds since the epoch). */
    public Instant instant(String field) throws ProtocolException {
        long v = number(field);
        if (v < 0 || v > 253402300799L) { // up to 9999-12-31: keeps Instant arithmetic safe
            throw malformed(field, "not a plausible time");
        }
        return Instant.ofEpochSecond(v);
    }

    /** An optional instant; null when absent. */
    public Instant optInstant(String field) throws ProtocolException {
        return has(field) ? instant(field) : null;
    }

    /** An optional boolean with a default. */
    public boolean optBoolean(String field, boolean dflt) throws ProtocolException {
        Object v = map.get(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw malformed(field, "expected true or false");
        }
        return b;
    }

    /** A required absolute http(s) URI. */
    public URI uri(String field) throws ProtocolException {
        String s = string(field);
        try {
            URI u = new URI(s);
            String scheme = u.getScheme();
            if (!u.isAbsolute() || u.getHost() == null
                    || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                throw malformed(field, "expected an absolute http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw malformed(field, "not a URL: " + e.getMessage());
        }
    }

    /** A required nested object. */
    @SuppressWarnings("unchecked")
    public Fields object(String field) throws ProtocolException {
        Object v = required(field);
        if (!(v instanceof Map)) {
            throw malformed(field, "expected an object");
        }
        return new Fields((Map<String, Object>) v, name(field));
    }

    /** A required array (possibly empty) of objects. */
    @SuppressWarnings("unchecked")
    public List<Fields> objects(String field) throws ProtocolException {
        List<?> raw = array(field);
        List<Fields> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object o = raw.get(i);
            if (!(o instanceof Map)) {
                throw malformed(field + "[" + i + "]", "expected an object");
            }
            out.add(new Fields((Map<String, Object>) o, name(field) + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    /** A required array (possibly empty) of non-blank strings. */
    public List<String> strings(String field) throws ProtocolException {
        List<?> raw = array(field);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String s) || s.isBlank()) {
                throw malformed(field + "[" + i + "]", "expected a non-blank string");
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    private List<?> array(String field) throws ProtocolException {
        Object v = required(field);
        if (!(v instanceof List<?> l)) {
            throw malformed(field, "expected an array");
        }
        return l;
    }

    /** A required compact JWS (three base64url segments); its content is not checked here. */
    public String compactJws(String field) throws ProtocolException {
        String s = string(field);
        if (!isCompact(s, 3)) {
            throw malformed(field, "expected a compact JWS (three base64url parts)");
        }
        return s;
    }

    /** A required compact JWE (five base64url segments); its content is not checked here. */
    public String compactJwe(String field) throws ProtocolException {
        String s = string(field);
        if (!isCompact(s, 5)) {
            throw malformed(field, "expected a compact JWE (five base64url parts)");
        }
        return s;
    }

    /** Whether {@code s} has exactly {@code parts} dot-separated base64url segments, the first non-empty. */
    public static boolean isCompact(String s, int parts) {
        if (s == null) {
            return false;
        }
        String[] split = s.split("\\.", -1);
        if (split.length != parts || split[0].isEmpty()) {
            return false;
        }
        for (String p : split) {
            if (!B64URL.matcher(p).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The underlying map, read-only use. */
    public Map<String, Object> raw() {
        return Collections.unmodifiableMap(map);
    }
}
