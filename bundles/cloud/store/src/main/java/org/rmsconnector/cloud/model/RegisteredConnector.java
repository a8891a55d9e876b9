package org.rmsconnector.cloud.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A connector installation registered with the tenant by a connector administrator.
 * The service keeps only what verifies the connector (a public key or a credential hash), never a secret.
 *
 * @param id             connector id, carried in its credentials and in usage records
 * @param name           unique display name
 * @param publicKey      the connector's public key (PEM or JWK text); null when a credential hash is used
 * @param credentialHash hash of a shared credential; null when a public key is used
 * @param createdAt      when it was registered
 * @param createdBy      the administrator who registered it
 * @param lastSeen       when the service last authenticated a call signed by it (kept to the minute), or null
 */
public record RegisteredConnector(String id, String name, String publicKey, String credentialHash,
                                  Instant createdAt, String createdBy, Instant lastSeen) {

    /** A connector being registered: not seen yet. */
    public RegisteredConnector(String id, String name, String publicKey, String credentialHash, Instant createdAt,
            String createdBy) {
        this(id, name, publicKey, credentialHash, createdAt, createdBy, null);
    }

    /** Validates the registration; at least one way to verify the connector is required. */
    public RegisteredConnector {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("connector id must have 1 to 64 characters");
        }
        name = name.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new IllegalArgumentException("connector name must have 1 to 200 characters");
        }
        if (publicKey == null && credentialHash == null) {
            throw new IllegalArgumentException("a connector needs a public key or a credential hash");
        }
        // the database keeps microseconds; truncating here makes a stored record equal to the one read back
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        lastSeen = lastSeen == null ? null : lastSeen.truncatedTo(ChronoUnit.MICROS);
    }
}
