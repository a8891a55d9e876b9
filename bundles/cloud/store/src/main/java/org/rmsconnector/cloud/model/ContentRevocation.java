package org.rmsconnector.cloud.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A protected content id the tenant no longer licenses: no new use license is issued for it, to anyone, except to
 * super users when {@code allowSuperUsers} says so. Licenses issued before keep working until they expire.
 *
 * @param contentId       the content's id (the publishing license's {@code cid})
 * @param revokedBy       who revoked it: the content's owner or a global administrator
 * @param revokedAt       when
 * @param allowSuperUsers whether super users (e.g. Exchange's journal decryption, eDiscovery) still get licenses
 */
public record ContentRevocation(String contentId, String revokedBy, Instant revokedAt, boolean allowSuperUsers) {

    /** Validates the record. */
    public ContentRevocation {
        contentId = requireText(contentId, "content id");
        revokedBy = Principals.key(revokedBy, "revoked by");
        Objects.requireNonNull(revokedAt, "revokedAt");
        revokedAt = revokedAt.truncatedTo(ChronoUnit.MICROS); // what the database keeps
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank() || s.strip().length() > 256) {
            throw new IllegalArgumentException(what + " must have 1 to 256 characters");
        }
        return s.strip();
    }
}
