package org.rmsconnector.relay.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the relay sends back: status, content type, body and extra headers. */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    Answer {
        headers = Map.copyOf(headers);
    }

    /** An error in the relay's one error shape: {@code {"error": code, "message": …, "requestId": …}} plus extras. */
    static Answer error(int status, String code, String message, String requestId, Map<String, String> extraFields,
            Map<String, String> headers) {
        StringBuilder json = new StringBuilder("{\"error\":").append(Json.quote(code))
                .append(",\"message\":").append(Json.quote(message));
        extraFields.forEach((k, v) -> json.append(',').append(Json.quote(k)).append(':').append(Json.quote(v)));
        json.append(",\"requestId\":").append(Json.quote(requestId)).append('}');
        return new Answer(status, JSON, json.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    static Answer error(int status, String code, String message, String requestId) {
        return error(status, code, message, requestId, Map.of(), Map.of());
    }
}
