package org.rmsconnector.tls.refusals.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which refusals become an event, so a client retrying a bad certificate in a loop (or someone knocking
 * with thousands) cannot flood the event log: the first refusal of a certificate (subject and issuer) for a reason
 * is reported at once and opens an interval; refusals of the same certificate for the same reason within it are
 * only counted; when the interval ends with any counted, one summary reports how many, since when and from which
 * peers. At most {@code maxTracked} certificates are tracked per interval; refusals of further ones are counted per
 * reason and summarized together. An interval of zero reports every refusal. Thread-safe.
 */
final class RefusalThrottle {
    /** Peer addresses named in a summary; more are counted, up to {@link #MAX_COUNTED_PEERS}. */
    static final int MAX_PEERS = 5;
    static final int MAX_COUNTED_PEERS = 1000;
    /** The subject and issuer a summary of untracked certificates gives. */
    static final String OTHERS = "*";

    /** Which refusals count as "the same". */
    record Key(String subject, String issuer, RefusalReason reason) {
        static Key of(Refusal r) {
            return new Key(r.subject(), r.issuer(), r.reason());
        }
    }

    /**
     * What a summary tells: refusals not reported one by one between {@code since} and {@code until}, the first
     * peer addresses (without port: a client retrying comes from a new port each time) and how many others.
     */
    record Summary(Key key, long suppressed, Instant since, Instant until, List<String> peers, long otherPeers,
            String listener) {
    }

    /** One open interval. */
    private static final class Window {
        final Instant opened;
        final String listener;
        final Set<String> peers = new LinkedHashSet<>();
        final Set<String> otherPeers = new HashSet<>();
        long suppressed;

        Window(Instant opened, String listener) {
            this.opened = opened;
            this.listener = listener;
        }

        void count(Refusal r) {
            suppressed++;
            String address = address(r.peer());
            if (peers.size() < MAX_PEERS || peers.contains(address)) {
                peers.add(address);
            } else if (otherPeers.size() < MAX_COUNTED_PEERS) {
                otherPeers.add(address);
            }
        }

        Summary summary(Key key, Instant until) {
            return new Summary(key, suppressed, opened, until, List.copyOf(peers), otherPeers.size(), listener);
        }
    }

    private final Duration interval;
    private final int maxTracked;
    private final Map<Key, Window> windows = new HashMap<>();
    private final Map<RefusalReason, Window> untracked = new EnumMap<>(RefusalReason.class);
    /** Summaries of intervals closed by a refusal that came after their end, for the next sweep. */
    private final List<Summary> closed = new ArrayList<>();

    RefusalThrottle(Duration interval, int maxTracked) {
        this.interval = interval;
        this.maxTracked = Math.max(1, maxTracked);
    }

    Duration interval() {
        return interval;
    }

    /** Whether this refusal is reported now; when not, it is counted for a summary. */
    synchronized boolean admit(Refusal refusal, Instant now) {
        if (interval.isZero() || interval.isNegative()) {
            return true;
        }
        Key key = Key.of(refusal);
        Window window = windows.get(key);
        if (window != null && !now.isBefore(window.opened.plus(interval))) {
            // its interval ended before the sweep came: close it here, this refusal opens the next one
            windows.remove(key);
            if (window.suppressed > 0) {
                closed.add(window.summary(key, now));
            }
            window = null;
        }
        if (window != null) {
            window.count(refusal);
            return false;
        }
        if (windows.size() >= maxTracked) {
            untracked.computeIfAbsent(refusal.reason(), r -> new Window(now, refusal.listener())).count(refusal);
            return false;
        }
        windows.put(key, new Window(now, refusal.listener()));
        return true;
    }

    /** Closes the intervals that have ended; the summaries of those that counted anything, oldest first. */
    synchronized List<Summary> sweep(Instant now) {
        List<Summary> summaries = new ArrayList<>(closed);
        closed.clear();
        for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Window> e = it.next();
            Window w = e.getValue();
            if (!now.isBefore(w.opened.plus(interval))) {
                it.remove();
                if (w.suppressed > 0) {
                    summaries.add(w.summary(e.getKey(), now));
                }
            }
        }
        for (Iterator<Map.Entry<RefusalReason, Window>> it = untracked.entrySet().iterator(); it.hasNext();) {
            Map.Entry<RefusalReason, Window> e = it.next();
            Window w = e.getValue();
            RefusalReason reason = e.getKey();
            if (!now.isBefore(w.opened.plus(interval))) {
                it.remove();
                summaries.add(w.summary(new Key(OTHERS, OTHERS, reason), now));
            }
        }
        summaries.sort((a, b) -> a.since().compareTo(b.since()));
        return summaries;
    }

    /** Closes every interval now (the bundle stops): the summaries of those that counted anything. */
    synchronized List<Summary> drain(Instant now) {
        List<Summary> summaries = new ArrayList<>(closed);
        closed.clear();
        windows.forEach((key, w) -> {
            if (w.suppressed > 0) {
                summaries.add(w.summary(key, now));
            }
        });
        untracked.forEach((reason, w) -> summaries.add(w.summary(new Key(OTHERS, OTHERS, reason), now)));
        windows.clear();
        untracked.clear();
        summaries.sort((a, b) -> a.since().compareTo(b.since()));
        return summaries;
    }

    /** {@code 192.0.2.7:50123} → {@code 192.0.2.7}, {@code [2001:db8::7]:443} → {@code [2001:db8::7]}. */
    static String address(String peer) {
        if (peer.startsWith("[")) {
            int end = peer.indexOf(']');
            return end > 0 ? peer.substring(0, end + 1) : peer;
        }
        int colon = peer.lastIndexOf(':');
        return colon > 0 && peer.indexOf(':') == colon ? peer.substring(0, colon) : peer;
    }

    /** Whether an interval is open (a sweep has something to do). */
    synchronized boolean idle() {
        return windows.isEmpty() && untracked.isEmpty() && closed.isEmpty();
    }
}
