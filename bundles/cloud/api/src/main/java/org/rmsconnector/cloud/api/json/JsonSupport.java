package org.rmsconnector.cloud.api.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.StrictJson;

/**
 * JSON in and out of the administration API. Reading is the protocol's {@link StrictJson}, as for the wire messages:
 * a member repeated at any depth or a lone surrogate is refused, and every refusal is a 400 that names the field
 * ({@code body.grants[1].rights: duplicate member name}). Writing is Nimbus' {@link JSONObjectUtils} (already there
 * through the protocol bundle) and leaves absent values out instead of writing {@code null}.
 */
public final class JsonSupport {

    /** Largest body the administration API parses. */
    public static final int MAX_BODY_CHARS = 1024 * 1024;

    private JsonSupport() {
    }

    /** An object under construction; null values are left out. */
    public static final class Obj {
        private final Map<String, Object> map = new LinkedHashMap<>();

        public Obj put(String name, Object value) {
            if (value != null) {
                map.put(name, value instanceof Obj o ? o.map : value);
            }
            return this;
        }

        public Map<String, Object> map() {
            return map;
        }

        public String toJson() {
            return JSONObjectUtils.toJSONString(map);
        }
    }

    public static Obj object() {
        return new Obj();
    }

    /** A parsed request body, with typed access that refuses bad input naming the field. */
    public static final class Body {
        private final Map<String, Object> map;
        private final String path;

        private Body(Map<String, Object> map, String path) {
            this.map = map;
            this.path = path;
        }

        public static Body parse(String json) throws CloudException {
            if (json == null || json.isBlank()) {
                throw CloudException.badRequest("a JSON object body is required");
            }
            if (json.length() > MAX_BODY_CHARS) {
                throw CloudException.badRequest("the body is larger than " + MAX_BODY_CHARS + " characters");
            }
            try {
                return new Body(StrictJson.parseObject(json, "body"), "body");
            } catch (ProtocolException e) {
                throw CloudException.badRequest(e.getMessage());
            }
        }

        public boolean has(String field) {
            return map.get(field) != null;
        }

        public Object raw(String field) {
            return map.get(field);
        }

        public String string(String field) throws CloudException {
            String s = optString(field);
            if (s == null) {
                throw bad(field, "missing");
            }
            return s;
        }

        public String optString(String field) throws CloudException {
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw bad(field, "expected a string");
            }
            return s.isBlank() ? null : s;
        }

        public boolean bool(String field, boolean dflt) throws CloudException {
            Object v = map.get(field);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Boolean b)) {
                throw bad(field, "expected true or false");
            }
            return b;
        }

        public Boolean optBool(String field) throws CloudException {
            return has(field) ? bool(field, false) : null;
        }

        public int integer(String field, int dflt, int min, int max) throws CloudException {
            Object v = map.get(field);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw bad(field, "expected an integer");
            }
            long l = n.longValue();
            if (l < min || l > max) {
                throw bad(field, "must be between " + min + " and " + max);
            }
            return (int) l;
        }

        public List<String> strings(String field) throws CloudException {
            Object v = map.get(field);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> l)) {
                throw bad(field, "expected an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s) || s.isBlank()) {
                    throw bad(field + "[" + i + "]", "expected a non-blank string");
                }
                out.add(s);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        public List<Body> objects(String field) throws CloudException {
            Object v = map.get(field);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> l)) {
                throw bad(field, "expected an array of objects");
            }
            List<Body> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof Map<?, ?> m)) {
                    throw bad(field + "[" + i + "]", "expected an object");
                }
                out.add(new Body((Map<String, Object>) m, path + "." + field + "[" + i + "]"));
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        public Body optObject(String field) throws CloudException {
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw bad(field, "expected an object");
            }
            return new Body((Map<String, Object>) m, path + "." + field);
        }

        public String toJson() {
            return JSONObjectUtils.toJSONString(map);
        }

        public CloudException bad(String field, String problem) {
            return CloudException.badRequest(path + "." + field + ": " + problem);
        }
    }
}
