package org.rmsconnector.relay.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.JsonText;

/**
 * What the relay sends back: status, content type, body and extra headers; plus, for the metrics only, the role the
 * caller was authorized as and how long the cloud took, when the pipeline got that far ({@code null} otherwise).
 */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers, Workload role,
        Duration cloudTime) {

    static final String JSON = "application/json; charset=utf-8";

    Answer {
        headers = Map.copyOf(headers);
    }

    Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null, null);
    }

    /** This answer, given on behalf of a caller authorized as {@code role}. */
    Answer withRole(Workload role) {
        return new Answer(status, contentType, body, headers, role, cloudTime);
    }

    /** This answer, which the cloud took {@code cloudTime} to give. */
    Answer withCloudTime(Duration cloudTime) {
        return new Answer(status, contentType, body, headers, role, cloudTime);
    }

    /** An error in the relay's one error shape: {@code {"error": code, "message": …, "requestId": …}} plus extras. */
    static Answer error(int status, String code, String message, String requestId, Map<String, String> extraFields,
            Map<String, String> headers) {
        StringBuilder json = new StringBuilder("{\"error\":").append(JsonText.quote(code))
                .append(",\"message\":").append(JsonText.quote(message));
        extraFields.forEach((k, v) -> json.append(',').append(JsonText.quote(k)).append(':').append(JsonText.quote(v)));
        json.append(",\"requestId\":").append(JsonText.quote(requestId)).append('}');
        return new Answer(status, JSON, json.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    static Answer error(int status, String code, String message, String requestId) {
        return error(status, code, message, requestId, Map.of(), Map.of());
    }
}
