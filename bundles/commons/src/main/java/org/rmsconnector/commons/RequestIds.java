package org.rmsconnector.commons;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id a caller may give in {@value #HEADER} and every answer carries back (docs/protocol.md §2): kept
 * when it is short and plain, so it can go into logs and JSON as is; replaced by a random UUID otherwise.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** Letters, digits and {@code . _ : -}, 1 to 64 of them. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** {@code given} when it matches {@link #SAFE}, else a new random UUID. */
    public static String keepOrNew(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
