package org.rmsconnector.commons;

/**
 * A Java string as a JSON string literal, for the little JSON and the log lines the bundles write by hand. Safe to
 * embed anywhere: control characters are escaped (so a hostile account name cannot start a second log line or
 * field), and so are {@code < > &} and U+2028/U+2029, so the text cannot close a {@code <script>} element or break a
 * JavaScript string either.
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code "…"} escaped as above; {@code null} gives the JSON literal {@code null}. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
