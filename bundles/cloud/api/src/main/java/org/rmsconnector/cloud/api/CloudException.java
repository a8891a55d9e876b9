package org.rmsconnector.cloud.api;

/**
 * A refusal or failure the caller must learn about: the HTTP status to answer with, a stable code and a message
 * that says what was wrong. The servlets turn it into an {@code ErrorResponse}.
 */
public final class CloudException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public CloudException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** A refusal that tells the caller when to try again ({@code Retry-After}, seconds; 0: no header). */
    public CloudException(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public CloudException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = 0;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static CloudException badRequest(String message) {
        return new CloudException(400, "bad_request", message);
    }

    public static CloudException unauthenticated(String message) {
        return new CloudException(401, "unauthenticated", message);
    }

    public static CloudException forbidden(String code, String message) {
        return new CloudException(403, code, message);
    }

    public static CloudException notFound(String message) {
        return new CloudException(404, "not_found", message);
    }
}
