package org.rmsconnector.cloud.service.internal;

import java.time.Instant;

import org.rmsconnector.cloud.store.StoreException;
import org.rmsconnector.cloud.store.UsedAssertions;

/**
 * Accepts each actor-assertion and session-assertion id once, at whichever node of the service it arrives: the ids
 * live in the database every node shares ({@link UsedAssertions}: a unique insert is the first use), each until the
 * assertion could no longer be accepted anyway. When the database cannot answer, the assertion is refused
 * ({@link Outcome#UNAVAILABLE}): failing closed beats accepting an id that may have been used. Thread-safe.
 */
final class ReplayCache {

    /** The outcome of {@link #firstUse}. */
    enum Outcome { FIRST_USE, REPLAYED, UNAVAILABLE }

    private static final System.Logger LOG = System.getLogger(ReplayCache.class.getName());

    private final UsedAssertions shared;

    ReplayCache(UsedAssertions shared) {
        this.shared = shared;
    }

    /**
     * Records {@code id} as used until {@code until} (its expiry plus the verifier's clock skew), unless it was
     * used before.
     */
    Outcome firstUse(String id, Instant until, Instant now) {
        try {
            return shared.firstUse(id, until, now) ? Outcome.FIRST_USE : Outcome.REPLAYED;
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot check an assertion for replays: {0}", e.getMessage());
            return Outcome.UNAVAILABLE;
        }
    }
}
