package org.rmsconnector.protocol.jose;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a JSON object in a fixed field order and leaves absent optional fields out
 * entirely (Nimbus would otherwise write {@code null}).
 */
public final class Json {

    private final Map<String, Object> map = new LinkedHashMap<>();

    /** Starts an empty object. */
    public static Json object() {
        return new Json();
    }

    /** Adds {@code value} under {@code name} unless it is null; instants become NumericDate seconds. */
    public Json put(String name, Object value) {
        if (value instanceof Instant i) {
            map.put(name, i.getEpochSecond());
        } else if (value != null) {
            map.put(name, value);
        }
        return this;
    }

    /** The object as a map, for nesting. */
    public Map<String, Object> map() {
        return map;
    }

    /** The serialized object. */
    public String toJson() {
        return JSONObjectUtils.toJSONString(map);
    }

    /** Serializes any map. */
    public static String toJson(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }
}
