package org.rmsconnector.transport.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the latest exchange with the cloud showed, whichever part of the transport made it (a forwarded call, the
 * authorized-servers sync, an administrator's call or a probe): the status page reports it without calling the
 * cloud. A report older than the one held is ignored, so calls finishing out of order never hide a newer truth.
 * Thread-safe.
 */
public final class CloudContact {

    /**
     * One exchange.
     *
     * @param at       when it ended
     * @param answered whether the cloud answered (whatever the status)
     * @param problem  what was wrong, for an administrator, or null
     */
    public record Exchange(Instant at, boolean answered, String problem) {
    }

    private final AtomicReference<Exchange> last = new AtomicReference<>();
    private volatile boolean served;

    /** The cloud answered and nothing was wrong. */
    public void answered(Instant at) {
        served = true;
        record(new Exchange(at, true, null));
    }

    /**
     * Whether the cloud has served this node at least once since it started (an answer with nothing wrong): until
     * then the node is not ready, whatever it has cached.
     */
    public boolean servedOnce() {
        return served;
    }

    /** The cloud answered, but refused or failed what was asked (e.g. it no longer knows this connector). */
    public void answered(Instant at, String problem) {
        record(new Exchange(at, true, problem));
    }

    /** No answer: the connection, the proxy or TLS failed, or the call timed out. */
    public void noAnswer(Instant at, String problem) {
        record(new Exchange(at, false, problem));
    }

    /** The latest exchange, or empty before the first. */
    public Optional<Exchange> last() {
        return Optional.ofNullable(last.get());
    }

    private void record(Exchange e) {
        last.accumulateAndGet(e, (held, now) -> held != null && held.at().isAfter(now.at()) ? held : now);
    }
}
