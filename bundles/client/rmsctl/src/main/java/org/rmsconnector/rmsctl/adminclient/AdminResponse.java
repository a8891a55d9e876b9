package org.rmsconnector.rmsctl.adminclient;

import java.util.List;
import java.util.Map;

/**
 * A successful answer of the admin API.
 *
 * @param status  the HTTP status (2xx)
 * @param body    the body as text (UTF-8), empty for 204
 * @param headers the headers, names in lower case
 */
public record AdminResponse(int status, String body, Map<String, List<String>> headers) {

    /** The values of header {@code name} (any case). */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }
}
