package org.rmsconnector.cloud.service.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.AuthorizedServerList;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;

/**
 * What the authenticator reads on every forwarded call, held in memory instead of read from the database each
 * time: the registered connectors with their parsed keys, and the authorized-servers list.
 *
 * <p>Both are forgotten at once when this process changes them (the stores' {@code changes()} counters), and
 * re-checked against the store at most every {@link #RECHECK} for changes another service instance sharing the
 * database made: the list by its version (one small read), the connectors by reading them again. Thread-safe.
 */
final class InMemoryLookups {

    /** How stale a copy may get when another service instance changes the database. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    /** A registered connector and its key, parsed once. */
    record Connector(RegisteredConnector registered, PublicJwk key) {
    }

    private record Listed(long version, Map<String, AuthorizedServer> byKey, long changes, long checkedAt) {
    }

    private record Known(Optional<RegisteredConnector> connector, long changes, long readAt) {
    }

    private final CloudStore store;
    private final LongSupplier nanoTime;
    private final Map<String, Known> connectors = new ConcurrentHashMap<>();
    private volatile Listed listed;

    InMemoryLookups(CloudStore store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** The connector with that id, if registered. */
    Optional<RegisteredConnector> connector(String id) {
        long changes = store.connectors().changes();
        long now = nanoTime.getAsLong();
        Known k = connectors.get(id);
        if (k == null || k.changes() != changes || now - k.readAt() > RECHECK.toNanos()) {
            if (connectors.size() > 10_000) {
                connectors.clear(); // unknown ids asked for in bulk must not grow this without bound
            }
            k = new Known(store.connectors().find(id), changes, now);
            connectors.put(id, k);
        }
        return k.connector();
    }

    /** The registered key of a connector. */
    static PublicJwk key(RegisteredConnector c) throws ProtocolException {
        return PublicJwk.fromJson(c.publicKey());
    }

    /** The authorized-servers entry for that account name (case-insensitive). */
    Optional<AuthorizedServer> authorized(String account) {
        return Optional.ofNullable(list().byKey().get(account.strip().toLowerCase(Locale.ROOT)));
    }

    private Listed list() {
        long changes = store.authorizedServers().changes();
        long now = nanoTime.getAsLong();
        Listed l = listed;
        if (l != null && l.changes() == changes && now - l.checkedAt() <= RECHECK.toNanos()) {
            return l;
        }
        synchronized (this) {
            l = listed;
            if (l != null && l.changes() == changes && now - l.checkedAt() <= RECHECK.toNanos()) {
                return l;
            }
            if (l != null && l.changes() == changes && store.authorizedServers().version() == l.version()) {
                listed = new Listed(l.version(), l.byKey(), changes, now);
                return listed;
            }
            AuthorizedServerList fresh = store.authorizedServers().list();
            Map<String, AuthorizedServer> byKey = new HashMap<>();
            for (AuthorizedServer e : fresh.entries()) {
                byKey.put(e.key(), e);
            }
            listed = new Listed(fresh.version(), Map.copyOf(byKey), changes, now);
            return listed;
        }
    }
}
