package org.rmsconnector.transport.internal;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import javax.net.ssl.SSLHandshakeException;

import org.rmsconnector.api.workload.Operation;

/**
 * When a failed cloud call may be tried again, and after how long: only idempotent operations, only for failures a
 * second attempt can cure (a connection that failed or timed out, 502/503/504), with exponential backoff and
 * "equal jitter" (the pause is between half and all of the exponential step), so that nodes that failed together
 * do not come back together.
 *
 * @param attempts the most attempts per call, the first included (1 = never retry)
 * @param initial  the step before the first retry
 * @param max      the largest step
 */
public record Backoff(int attempts, Duration initial, Duration max) {

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** Whether {@code operation} may be tried again at all: a repeated publish would sign a second license. */
    public static boolean retryable(Operation operation) {
        return operation.idempotent();
    }

    /** Whether an answer with this status says "try again": a gateway or the service is briefly unavailable. */
    public static boolean retryableStatus(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /**
     * Whether a failure to get an answer is worth another attempt: connection refused or reset, timeouts. A TLS
     * handshake failure (untrusted certificate, no common protocol) is a configuration error no retry cures, and an
     * oversized answer came from a reachable cloud.
     */
    public static boolean retryableFailure(Throwable failure) {
        if (failure instanceof SSLHandshakeException || failure instanceof LimitedBody.TooLargeException) {
            return false;
        }
        return failure instanceof HttpTimeoutException || failure instanceof IOException;
    }

    /**
     * The pause before retry number {@code retry} (1 = the first retry): the step {@code initial · 2^(retry-1)},
     * capped at {@code max}, times a factor in [0.5, 1).
     *
     * @param random a uniform source in [0, 1)
     */
    public Duration delay(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1");
        }
        long step = initial.toNanos();
        for (int i = 1; i < retry && step < max.toNanos(); i++) {
            step *= 2;
        }
        step = Math.min(step, max.toNanos());
        double r = random.getAsDouble();
        if (r < 0 || r >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + r);
        }
        return Duration.ofNanos(step / 2 + (long) (step / 2 * r));
    }
}
