package org.rmsconnector.cloud.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * {@link UsedAssertions} for one node whose database no other node shares (H2): the ids in memory, each until it
 * could no longer be accepted anyway. Bounded: expired ids go first; when it is still full a new id is refused with
 * {@link StoreException} (the caller then refuses the call: fail closed) rather than forgetting an id that could
 * still be replayed. Thread-safe; every operation is short.
 */
final class LocalReplayRegister {

    private record Seen(String id, long until) {
    }

    private final int capacity;
    private final Map<String, Long> untilById = new HashMap<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.until, b.until));

    LocalReplayRegister(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    synchronized boolean firstUse(String id, Instant until, Instant now) {
        purge(now);
        if (untilById.containsKey(id)) {
            return false;
        }
        if (untilById.size() >= capacity) {
            throw new StoreException("the replay register holds " + capacity + " ids that have not expired yet;"
                    + " refusing new assertions until some expire", null);
        }
        untilById.put(id, until.toEpochMilli());
        byExpiry.add(new Seen(id, until.toEpochMilli()));
        return true;
    }

    synchronized int purge(Instant now) {
        int purged = 0;
        long at = now.toEpochMilli();
        while (!byExpiry.isEmpty() && byExpiry.peek().until < at) {
            untilById.remove(byExpiry.poll().id);
            purged++;
        }
        return purged;
    }

    synchronized int size() {
        return untilById.size();
    }
}
