package org.rmsconnector.admin.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API answers: a status, a body of a content type, and extra headers.
 *
 * @param headers header name to values (a header may repeat, as {@code X-RMS-Warning} does)
 */
record Answer(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {
    static final String JSON = "application/json; charset=utf-8";

    static Answer json(int status, JsonWriter json) {
        return new Answer(status, JSON, json.toString(), Map.of());
    }

    static Answer noContent() {
        return new Answer(204, null, null, Map.of());
    }

    static Answer error(ApiException e) {
        JsonWriter json = new JsonWriter().beginObject().field("error", e.code()).field("message", e.getMessage())
                .endObject();
        Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
        if (e.retryAfterSeconds() > 0) {
            headers.put("Retry-After", java.util.List.of(String.valueOf(e.retryAfterSeconds())));
        }
        if (e.status() == 401) {
            headers.put("WWW-Authenticate", java.util.List.of("Basic realm=\"RMS Connector\", charset=\"UTF-8\""));
        }
        return new Answer(e.status(), JSON, json.toString(), headers);
    }
}
