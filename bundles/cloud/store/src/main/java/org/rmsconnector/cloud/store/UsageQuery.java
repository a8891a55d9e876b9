package org.rmsconnector.cloud.store;

import java.time.Instant;

import org.rmsconnector.cloud.model.Principals;

/**
 * Which usage records to read.
 *
 * @param from        inclusive lower bound; null for no bound
 * @param to          exclusive upper bound; null for no bound
 * @param user        only this user's records; null for everyone
 * @param requestType only this request type; null for all
 * @param limit       at most this many records, oldest first
 */
public record UsageQuery(Instant from, Instant to, String user, String requestType, int limit) {

    /** Upper bound on {@link #limit()}, so one query cannot pull an unbounded log into memory. */
    public static final int MAX_LIMIT = 100_000;

    /** Validates the bounds. */
    public UsageQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
        user = Principals.optionalKey(user);
        requestType = requestType == null || requestType.isBlank() ? null : requestType.strip();
    }

    /** Everything in a time range, up to a limit. */
    public static UsageQuery between(Instant from, Instant to, int limit) {
        return new UsageQuery(from, to, null, null, limit);
    }

    /** This query restricted to one user. */
    public UsageQuery forUser(String upn) {
        return new UsageQuery(from, to, upn, requestType, limit);
    }

    /** This query restricted to one request type. */
    public UsageQuery ofType(String type) {
        return new UsageQuery(from, to, user, type, limit);
    }
}
