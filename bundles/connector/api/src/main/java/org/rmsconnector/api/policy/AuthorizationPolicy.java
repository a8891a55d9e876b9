package org.rmsconnector.api.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The authorized-servers list in force, as the cloud signed it.
 *
 * @param version the list's version in the cloud; it only grows
 * @param entries the entries
 * @param signedDocument the list as the tenant-signed compact JWS the cloud returned, kept as the last-known-good
 *        copy on disk and verifiable against the tenant key
 * @param confirmedAt when this version was last confirmed current with the cloud
 * @param fromCache whether it was loaded from the last-known-good copy because the cloud could not be reached
 */
public record AuthorizationPolicy(long version, List<AuthorizedServer> entries, String signedDocument,
        Instant confirmedAt, boolean fromCache) {

    public AuthorizationPolicy {
        entries = List.copyOf(entries);
        Objects.requireNonNull(signedDocument, "signedDocument");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
    }
}
