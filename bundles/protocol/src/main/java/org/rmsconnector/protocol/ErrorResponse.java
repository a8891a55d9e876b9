package org.rmsconnector.protocol;

import org.rmsconnector.protocol.jose.Json;

/**
 * The body of any non-2xx answer.
 *
 * @param code      machine-readable: a {@link Reason} name or a service code such as {@code ACCESS_DENIED}
 * @param message   for humans
 * @param requestId correlation id to quote to an administrator, or null
 */
public record ErrorResponse(String code, String message, String requestId) {

    /** Validates the fields. */
    public ErrorResponse {
        Wire.requireText(code, "code");
        Wire.requireText(message, "message");
        if (requestId != null && requestId.isBlank()) {
            requestId = null;
        }
    }

    /** The response for a protocol refusal. */
    public static ErrorResponse of(ProtocolException e, String requestId) {
        ErrorDetail d = ErrorDetail.of(e);
        return new ErrorResponse(d.code(), d.message(), requestId);
    }

    /** JSON form. */
    public String toJson() {
        return Json.object().put("code", code).put("message", message).put("requestId", requestId).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static ErrorResponse fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "ErrorResponse",
                f -> new ErrorResponse(f.string("code"), f.string("message"), f.optString("requestId")));
    }
}
