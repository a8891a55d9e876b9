package org.rmsconnector.admin.internal;

import org.rmsconnector.api.admin.AdminException;

/** An error answer: its status, its code and a message that says what was wrong and what to do. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Seconds a client should wait before trying again after a 503. */
    static final int RETRY_AFTER_SECONDS = 30;

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    ApiException(int status, String code, String message) {
        this(status, code, message, status == 503 ? RETRY_AFTER_SECONDS : 0);
    }

    /** An answer that tells the client when to try again ({@code Retry-After}, in seconds; 0: no header). */
    ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiException invalid(String message) {
        return new ApiException(400, "invalid", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** An optional service the call needs is not running on this node. */
    static ApiException missing(String service, String bundle) {
        return new ApiException(503, "unavailable", "the " + service + " service is not running on this node; check"
                + " that the " + bundle + " bundle is active (Web Console, Bundles) and see its log");
    }

    static ApiException of(AdminException e) {
        return switch (e.reason()) {
            case INVALID -> new ApiException(400, "invalid", e.getMessage());
            case NOT_FOUND -> new ApiException(404, "not_found", e.getMessage());
            case CONFLICT -> new ApiException(409, "conflict", e.getMessage());
            case REFUSED -> new ApiException(403, "refused", e.getMessage());
            case UNAVAILABLE -> new ApiException(503, "unavailable", e.getMessage());
        };
    }
}
