package org.rmsconnector.protocol;

import java.util.Map;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * Why one item of a batch failed.
 *
 * @param code    machine-readable: a {@link Reason} name, or a service code such as {@code ACCESS_DENIED}
 * @param message for humans
 */
public record ErrorDetail(String code, String message) {

    /** Validates the fields. */
    public ErrorDetail {
        Wire.requireText(code, "code");
        Wire.requireText(message, "message");
    }

    /** The detail of a protocol refusal. */
    public static ErrorDetail of(ProtocolException e) {
        return new ErrorDetail(e.reason().name(), e.getMessage() == null ? e.reason().name() : e.getMessage());
    }

    Map<String, Object> toMap() {
        return Json.object().put("code", code).put("message", message).map();
    }

    static ErrorDetail fromFields(Fields f) throws ProtocolException {
        return new ErrorDetail(f.string("code"), f.string("message"));
    }
}
