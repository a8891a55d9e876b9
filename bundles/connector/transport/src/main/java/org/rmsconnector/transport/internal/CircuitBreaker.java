package org.rmsconnector.transport.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Stops sending to a cloud that is down, so callers get a fast 503 with {@code Retry-After} instead of waiting for
 * timeouts, and finds out by itself when it is back.
 *
 * <pre>
 * CLOSED ──N consecutive failures──▶ OPEN ──cool-down passed, next call is the probe──▶ HALF_OPEN
 *   ▲                                 ▲                                                   │
 *   └──────────── probe succeeded ────┼───────────────────────────────────────────────────┤
 *                                     └──────────────── probe failed ─────────────────────┘
 * </pre>
 *
 * A failure is what a second attempt could cure (connection failure, timeout, 502/503/504); any other answer, a 4xx
 * included, proves the cloud is reachable and counts as a success. While OPEN every call is refused with the
 * remaining cool-down; in HALF_OPEN exactly one call (the probe) goes through and the others are refused until it
 * ends. Each {@link #tryAcquire() permitted} call must end in exactly one of {@link #onSuccess()},
 * {@link #onFailure()} or {@link #onAbandoned()}. Thread-safe.
 */
public final class CircuitBreaker {

    /** The breaker's states. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** Told of state changes, outside the breaker's lock. */
    public interface Listener {
        void opened(int consecutiveFailures, Duration coolDown);

        void closed();
    }

    /** What a call refused while a half-open probe is under way should wait: the probe decides soon. */
    public static final Duration PROBE_RETRY_AFTER = Duration.ofSeconds(1);

    private final int threshold;
    private final Duration coolDown;
    private final LongSupplier nanoTime;
    private final Listener listener;

    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean probing;

    /**
     * @param threshold consecutive failures that open the breaker
     * @param coolDown  how long it stays open before a probe
     * @param nanoTime  the clock ({@link System#nanoTime()} outside tests)
     */
    public CircuitBreaker(int threshold, Duration coolDown, LongSupplier nanoTime, Listener listener) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        if (coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("coolDown must be positive");
        }
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.nanoTime = nanoTime;
        this.listener = listener;
    }

    /**
     * Asks to send one call.
     *
     * @return empty when the call may go; otherwise how long the caller should wait (the remaining cool-down)
     */
    public synchronized Optional<Duration> tryAcquire() {
        switch (state) {
            case CLOSED:
                return Optional.empty();
            case OPEN: {
                long remaining = openedAt + coolDown.toNanos() - nanoTime.getAsLong();
                if (remaining > 0) {
                    return Optional.of(Duration.ofNanos(remaining));
                }
                state = State.HALF_OPEN;
                probing = true;
                return Optional.empty();
            }
            case HALF_OPEN:
            default:
                if (probing) {
                    return Optional.of(PROBE_RETRY_AFTER);
                }
                probing = true;
                return Optional.empty();
        }
    }

    /** The call got an answer from the cloud. */
    public void onSuccess() {
        boolean recovered;
        synchronized (this) {
            if (state == State.OPEN) {
                // a call sent before the breaker opened: the probe, not a straggler, decides
                return;
            }
            recovered = state == State.HALF_OPEN;
            state = State.CLOSED;
            failures = 0;
            probing = false;
        }
        if (recovered) {
            listener.closed();
        }
    }

    /** The call failed in a way a retry could cure. */
    public void onFailure() {
        int opened;
        synchronized (this) {
            switch (state) {
                case OPEN:
                    return;
                case HALF_OPEN:
                    // the probe failed: another full cool-down, no new alarm
                    state = State.OPEN;
                    openedAt = nanoTime.getAsLong();
                    probing = false;
                    return;
                case CLOSED:
                default:
                    failures++;
                    if (failures < threshold) {
                        return;
                    }
                    state = State.OPEN;
                    openedAt = nanoTime.getAsLong();
                    opened = failures;
            }
        }
        listener.opened(opened, coolDown);
    }

    /** The permitted call was not sent, or ended without telling anything about the cloud (a local error). */
    public synchronized void onAbandoned() {
        if (state == State.HALF_OPEN) {
            probing = false;
        }
    }

    /** While OPEN, the remaining cool-down; otherwise empty. Changes nothing. */
    public synchronized Optional<Duration> openFor() {
        if (state != State.OPEN) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, openedAt + coolDown.toNanos() - nanoTime.getAsLong())));
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return failures;
    }
}
