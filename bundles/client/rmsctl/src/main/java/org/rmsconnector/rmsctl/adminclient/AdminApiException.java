package org.rmsconnector.rmsctl.adminclient;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to the admin API that did not succeed: the API's error answer, or a connection that could not be made.
 * The message is the API's own {@code message} when it sent one, so it names the problem and the fix.
 */
public final class AdminApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, which decides rmsctl's exit code. */
    public enum Kind {
        /** 400, 403, 404, 409, 500: refused, invalid, not found, conflict, or failed on the connector. */
        REFUSED,
        /** 401: no or wrong credentials. */
        UNAUTHENTICATED,
        /** 503 (or a proxy's 502/504, or 429): the connector or something it needs is not available now. */
        UNAVAILABLE,
        /** No connection: refused, unknown host, timed out. */
        UNREACHABLE,
        /** The TLS handshake failed: an untrusted certificate or one for another name, usually. */
        TLS,
        /** An answer that is not the admin API's (no JSON where JSON was due). */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final String error;
    private final String body;
    private final Duration retryAfter;

    AdminApiException(Kind kind, int status, String error, String message, String body, Duration retryAfter,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.error = error;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The API's error code ({@code invalid}, {@code conflict}, ...), or {@code null}. */
    public String error() {
        return error;
    }

    /** The answer's body as sent (the API's error JSON), when there was one. */
    public Optional<String> body() {
        return Optional.ofNullable(body);
    }

    /** The {@code Retry-After} of a 503, when given. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
