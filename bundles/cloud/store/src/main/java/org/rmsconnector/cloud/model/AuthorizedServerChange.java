package org.rmsconnector.cloud.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of the authorized-servers list, as the change feed reports it.
 *
 * @param version   the list version this change produced
 * @param type      what happened to the entry
 * @param entry     the entry after the change (before it, for a removal)
 * @param changedAt when
 * @param changedBy the administrator or process that made it; null when unknown
 */
public record AuthorizedServerChange(long version, Type type, AuthorizedServer entry, Instant changedAt,
                                     String changedBy) {

    /** Requires the mandatory fields. */
    public AuthorizedServerChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /** What a change did. */
    public enum Type {
        /** A new entry. */
        ADDED,
        /** An existing entry got another kind or role. */
        UPDATED,
        /** The entry was removed. */
        REMOVED
    }
}
