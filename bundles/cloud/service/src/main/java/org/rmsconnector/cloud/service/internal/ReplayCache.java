package org.rmsconnector.cloud.service.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers the ids of accepted actor assertions until they could no longer be accepted anyway, so each one is
 * accepted once. Bounded: expired ids are dropped first; when the cache is still full the new id is refused
 * (fail closed) rather than forgetting an id that could still be replayed. Thread-safe; every operation is short.
 */
final class ReplayCache {

    /** The outcome of {@link #firstUse}. */
    enum Outcome { FIRST_USE, REPLAYED, FULL }

    private record Seen(String id, long until) {
    }

    private final int capacity;
    private final Map<String, Long> untilById = new HashMap<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.until, b.until));

    /** @param capacity the most ids held at once */
    ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * Records {@code id} as used until {@code until} (its expiry plus the verifier's clock skew), unless it was
     * used before.
     */
    synchronized Outcome firstUse(String id, Instant until, Instant now) {
        purge(now.getEpochSecond());
        Long known = untilById.get(id);
        if (known != null) {
            return Outcome.REPLAYED;
        }
        if (untilById.size() >= capacity) {
            return Outcome.FULL;
        }
        untilById.put(id, until.getEpochSecond());
        byExpiry.add(new Seen(id, until.getEpochSecond()));
        return Outcome.FIRST_USE;
    }

    synchronized int size() {
        return untilById.size();
    }

    private void purge(long now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().until < now) {
            untilById.remove(byExpiry.poll().id);
        }
    }
}
