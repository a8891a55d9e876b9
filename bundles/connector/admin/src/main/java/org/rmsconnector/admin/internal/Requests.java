package org.rmsconnector.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.protocol.JsonMediaType;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.StrictJson;

/** Reading what a caller sent: query parameters and JSON bodies, each mistake a 400 naming the field. */
final class Requests {
    static final int MAX_JSON_BYTES = 64 * 1024;

    private Requests() {
    }

    /**
     * A JSON object body, read strictly (docs/protocol.md §2.1): the body is read whole first, so a refusal leaves the
     * connection usable; then 415 unless it is {@code application/json}; then 400 naming the field for invalid UTF-8,
     * a repeated member name at any depth, a lone surrogate or anything else that is not one JSON object.
     */
    static Map<String, Object> jsonBody(HttpServletRequest req) throws ApiException, IOException {
        byte[] body = readBounded(req.getInputStream(), MAX_JSON_BYTES);
        if (body == null) {
            throw ApiException.invalid("body: larger than " + MAX_JSON_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw ApiException.invalid("body: missing; send a JSON object");
        }
        java.util.Optional<String> mediaProblem = JsonMediaType.problem(req.getContentType());
        if (mediaProblem.isPresent()) {
            throw new ApiException(415, "unsupported_media_type", mediaProblem.get());
        }
        try {
            if (StrictJson.text(body, "body").isBlank()) {
                throw ApiException.invalid("body: missing; send a JSON object");
            }
            return StrictJson.parseObject(body, "body");
        } catch (ProtocolException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    /** The bytes, or {@code null} when there are more than {@code max}. */
    static byte[] readBounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static String requiredString(Map<String, Object> body, String field, int maxLength) throws ApiException {
        String value = optionalString(body, field, maxLength);
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field + ": missing or empty");
        }
        return value;
    }

    static String optionalString(Map<String, Object> body, String field, int maxLength) throws ApiException {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.invalid(field + ": must be a string");
        }
        if (s.length() > maxLength) {
            throw ApiException.invalid(field + ": longer than " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw ApiException.invalid(field + ": holds a control character");
            }
        }
        return s;
    }

    static Workload workload(String text, String field) throws ApiException {
        if (text != null) {
            for (Workload w : Workload.values()) {
                if (w.id().equalsIgnoreCase(text.trim())) {
                    return w;
                }
            }
        }
        throw ApiException.invalid(field + ": '" + text + "' is not a workload; use exchange, sharepoint or fci");
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) throws ApiException {
        if (text != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text.trim())) {
                    return e;
                }
            }
        }
        throw ApiException.invalid(field + ": '" + text + "' must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /** A query parameter as a number in range, or the default when absent. */
    static int intParam(HttpServletRequest req, String name, int min, int max, int absent) throws ApiException {
        String text = req.getParameter(name);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid(name + ": '" + text + "' must be a number from " + min + " to " + max);
    }

    static String param(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    static boolean wantsText(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/plain")
                && !accept.toLowerCase(Locale.ROOT).contains("application/json");
    }
}
