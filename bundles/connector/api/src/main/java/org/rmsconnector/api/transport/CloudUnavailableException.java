package org.rmsconnector.api.transport;

import java.time.Duration;

/**
 * The cloud service cannot be reached now (down, circuit open, timed out). The relay answers 503 with
 * {@code Retry-After}.
 */
public class CloudUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public CloudUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the caller should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
