package org.rmsconnector.rmsctl.adminclient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Percent-encoding of query parameters and path segments (UTF-8; a space is {@code %20}, never {@code +}). */
public final class Query {

    private Query() {
    }

    /** {@code a=1&b=x%20y} from the entries whose value is not {@code null}, in the map's order. */
    public static String encode(Map<String, ?> params) {
        StringJoiner out = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                out.add(component(k) + "=" + component(String.valueOf(v)));
            }
        });
        return out.toString();
    }

    /** One path segment or query component: everything but the unreserved characters is encoded. */
    public static String component(String text) {
        // URLEncoder is form encoding: it writes a space as '+' (and a real '+' as %2B), so the swap is exact.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
