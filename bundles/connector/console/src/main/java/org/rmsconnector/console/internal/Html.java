package org.rmsconnector.console.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.owasp.encoder.Encode;

/**
 * Escaping for everything the plugins render. On top of the OWASP encoder, {@code $} and {@code \} become character
 * references: the Web Console runs every {@code text/html} answer through a template filter that replaces
 * {@code ${name}} and drops a backslash before {@code $}, so a value such as {@code ${brand.css}} or {@code \$}
 * would otherwise not read back as written. Character references are decoded by the browser after that filter.
 */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** For element content. {@code null} renders as nothing. */
    static String text(Object value) {
        return value == null ? "" : shield(Encode.forHtml(String.valueOf(value)));
    }

    /** For a double-quoted attribute value. */
    static String attr(Object value) {
        return value == null ? "" : shield(Encode.forHtmlAttribute(String.valueOf(value)));
    }

    /** A query parameter value (percent-encoding leaves neither {@code $} nor {@code \}); escape it with attr too. */
    static String query(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** An instant in UTC to the second, or a dash. */
    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A duration the way an administrator reads it: {@code 850 ms}, {@code 12 s}, {@code 3 min 5 s}, {@code 2 d 4 h}. */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        String sign = d.isNegative() ? "-" : "";
        Duration a = d.abs();
        if (a.toMillis() < 1000) {
            return sign + a.toMillis() + " ms";
        }
        long s = a.getSeconds();
        if (s < 60) {
            return sign + s + " s";
        }
        if (s < 3600) {
            return sign + (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86_400) {
            return sign + (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return sign + (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }

    private static String shield(String encoded) {
        if (encoded.indexOf('$') < 0 && encoded.indexOf('\\') < 0) {
            return encoded;
        }
        return encoded.replace("$", "&#36;").replace("\\", "&#92;");
    }
}
