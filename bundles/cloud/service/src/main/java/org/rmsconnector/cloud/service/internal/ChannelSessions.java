package org.rmsconnector.cloud.service.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.rmsconnector.protocol.Keys;

/**
 * The channel sessions connectors opened (docs/protocol.md §3.x.1): session id → connector and session key, held
 * in memory by each node (the database keeps only the connector's wrapped form, from which another node
 * {@link #adopt}s a session on first sight). Bounded: expired sessions go first; when still full, the oldest session is forgotten (its
 * connector gets {@code session_unknown} and opens another — failing safe, since a forgotten session authorizes
 * nothing). A key is wiped when its session is dropped. Thread-safe; every operation is short.
 */
final class ChannelSessions {

    /** Default bound: far more than the connectors of a tenant, each keeping one or two sessions. */
    static final int DEFAULT_CAPACITY = 10_000;

    /** One session: who opened it, its key, until when. */
    record Session(String connectorId, byte[] key, Instant expiresAt) {
    }

    private final int capacity;
    private final Map<String, Session> byId = new LinkedHashMap<>();

    ChannelSessions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Stores a session; returns its new random id. The key now belongs to this store, which wipes it. */
    synchronized String open(String connectorId, byte[] key, Instant expiresAt, Instant now) {
        purge(now);
        while (byId.size() >= capacity) {
            Iterator<Session> oldest = byId.values().iterator();
            wipe(oldest.next());
            oldest.remove();
        }
        String id = Keys.newRandomId();
        byId.put(id, new Session(connectorId, key, expiresAt));
        return id;
    }

    /**
     * Holds a session another node opened under {@code id} (read from the shared store); the key now belongs to
     * this store, which wipes it. A session already held keeps its key (the new copy is wiped).
     */
    synchronized void adopt(String id, String connectorId, byte[] key, Instant expiresAt, Instant now) {
        if (byId.containsKey(id)) {
            Arrays.fill(key, (byte) 0);
            return;
        }
        purge(now);
        while (byId.size() >= capacity) {
            Iterator<Session> oldest = byId.values().iterator();
            wipe(oldest.next());
            oldest.remove();
        }
        byId.put(id, new Session(connectorId, key, expiresAt));
    }

    /** The session with that id, while it has not expired, with a copy of its key that the caller wipes. */
    synchronized Optional<Session> find(String id, Instant now) {
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!now.isBefore(s.expiresAt())) {
            byId.remove(id);
            wipe(s);
            return Optional.empty();
        }
        return Optional.of(new Session(s.connectorId(), s.key().clone(), s.expiresAt()));
    }

    /** Forgets every session of a connector (it was unregistered). */
    synchronized void closeAll(String connectorId) {
        byId.values().removeIf(s -> {
            boolean mine = s.connectorId().equals(connectorId);
            if (mine) {
                wipe(s);
            }
            return mine;
        });
    }

    synchronized int size() {
        return byId.size();
    }

    private void purge(Instant now) {
        byId.values().removeIf(s -> {
            boolean expired = !now.isBefore(s.expiresAt());
            if (expired) {
                wipe(s);
            }
            return expired;
        });
    }

    private static void wipe(Session s) {
        Arrays.fill(s.key(), (byte) 0);
    }
}
