package org.rmsconnector.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation of the {@link RmsClient} failed. {@link #code()} is machine-readable: the
 * service's error code when the service refused (for example {@code ACCESS_DENIED},
 * {@code EXPIRED}, {@code BAD_SIGNATURE}), or one of the local codes declared here. The
 * message is for humans and says what to do.
 */
public class RmsClientException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The input is not a protected file. */
    public static final String NOT_PROTECTED = "NOT_PROTECTED";
    /** The input is already a protected file (protecting it again is almost always a mistake). */
    public static final String ALREADY_PROTECTED = "ALREADY_PROTECTED";
    /** The protected file is damaged, truncated or was altered. */
    public static final String TAMPERED = "TAMPERED";
    /** The protected file uses a format version this client does not know. */
    public static final String UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION";
    /** The identity has no (or not enough) rights, or the service refused the caller. */
    public static final String ACCESS_DENIED = "ACCESS_DENIED";
    /** The service did not accept the credentials. */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    /** The service cannot be reached or asked to come back later; see {@link #retryAfter()}. */
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    /** The service answered with an error of its own (HTTP 5xx other than 503). */
    public static final String SERVICE_ERROR = "SERVICE_ERROR";
    /** The service's answer was not what the protocol allows (bad JSON, bad signature, wrong content). */
    public static final String BAD_RESPONSE = "BAD_RESPONSE";
    /** The TLS connection failed: the server certificate is not trusted, or the client certificate was refused. */
    public static final String TLS_FAILURE = "TLS_FAILURE";
    /** Reading or writing local data failed. */
    public static final String IO = "IO";
    /** The output exists and overwriting was not asked for. */
    public static final String OUTPUT_EXISTS = "OUTPUT_EXISTS";
    /** An argument or the configuration is not usable. */
    public static final String BAD_ARGUMENT = "BAD_ARGUMENT";
    /** The holder key store cannot be created, read or is not private to its owner. */
    public static final String KEY_STORE = "KEY_STORE";
    /** The operation was interrupted. */
    public static final String CANCELLED = "CANCELLED";

    private final String code;
    private final int httpStatus;
    private final String serviceCode;
    private final String requestId;
    private final Duration retryAfter;

    /** A local failure. */
    public RmsClientException(String code, String message) {
        this(code, message, null);
    }

    /** A local failure with its cause. */
    public RmsClientException(String code, String message, Throwable cause) {
        this(code, message, cause, 0, null, null, null);
    }

    /**
     * A failure reported by the service.
     *
     * @param httpStatus  the HTTP status, or 0 when no HTTP answer was received
     * @param serviceCode the code the service (or connector) sent, or null
     * @param requestId   the request id to quote to an administrator, or null
     * @param retryAfter  when to try again, or null
     */
    public RmsClientException(String code, String message, Throwable cause, int httpStatus, String serviceCode,
            String requestId, Duration retryAfter) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.httpStatus = httpStatus;
        this.serviceCode = serviceCode;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** The machine-readable code. */
    public String code() {
        return code;
    }

    /** The HTTP status of the service's answer, or 0 when the failure was local or no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code in the service's (or connector's) error body, when there was one. */
    public Optional<String> serviceCode() {
        return Optional.ofNullable(serviceCode);
    }

    /** The request id of the failed call, to quote to an administrator. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How long the service asked us to wait before trying again ({@code Retry-After}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return getClass().getName() + "[" + code + "]: " + getMessage();
    }
}
