package org.rmsconnector.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The one media type a JSON body may declare: {@code application/json}, with parameters, of which {@code charset}
 * may only say UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). A receiver answers 415 with
 * {@link #problem}'s message for anything else, so a body is never read as JSON because it happens to parse.
 */
public final class JsonMediaType {

    /** What a JSON body is sent as. */
    public static final String EXPECTED = "application/json";

    private static final String ADVICE = "send the body as " + EXPECTED + " (optionally with charset=utf-8)";

    private JsonMediaType() {
    }

    /**
     * Why {@code contentType} (a {@code Content-Type} header value, or {@code null} when there is none) is not
     * accepted for a JSON body; empty when it is.
     */
    public static Optional<String> problem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Optional.of("the request has a body but no Content-Type; " + ADVICE);
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(EXPECTED)) {
            return Optional.of("Content-Type " + shown(parts[0].strip()) + " is not accepted here; " + ADVICE);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                return Optional.of("Content-Type " + shown(contentType) + " has a malformed parameter; " + ADVICE);
            }
            String name = parameter.substring(0, eq).strip();
            String value = unquoted(parameter.substring(eq + 1).strip());
            if (name.equalsIgnoreCase("charset") && !value.toLowerCase(Locale.ROOT).equals("utf-8")) {
                return Optional.of("charset " + shown(value) + " is not accepted: JSON bodies are UTF-8; " + ADVICE);
            }
        }
        return Optional.empty();
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** The caller's value in a message: printable ASCII, cut to 100 characters. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < 100; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append(value.length() > 100 ? "…'" : "'").toString();
    }
}
