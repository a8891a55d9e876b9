package org.rmsconnector.rmsctl.admin;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rmsconnector.rmsctl.adminclient.AdminResponse;

/** Lenient reading of the API's JSON for the human output: a missing or mistyped field reads as absent. */
final class Json {

    private Json() {
    }

    /** The body as a JSON object. */
    static Map<String, Object> parse(AdminResponse response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new IllegalStateException("the connector answered something that is not JSON (" + e.getMessage()
                    + "); is this the connector's admin API?", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        return m != null && m.get(key) instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> m, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (m != null && m.get(key) instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> map) {
                    out.add((Map<String, Object>) map);
                }
            }
        }
        return out;
    }

    static List<String> strings(Map<String, Object> m, String key) {
        List<String> out = new ArrayList<>();
        if (m != null && m.get(key) instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /** The value as text, or {@code null}. */
    static String text(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return v == null ? null : String.valueOf(v);
    }

    static boolean flag(Map<String, Object> m, String key) {
        return m != null && Boolean.TRUE.equals(m.get(key));
    }

    /** The number, or {@code null}. */
    static Double number(Map<String, Object> m, String key) {
        return m != null && m.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
