package org.rmsconnector.api.auth;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a caller may use the connector, from the authorized-servers list the cloud service keeps.
 * Provided once, by the authorization bundle.
 */
@ProviderType
public interface AuthorizationService {

    /** @return the matching entry and role, or empty when the caller is not on the list */
    Optional<Authorization> authorize(Caller caller);

    /** The version of the authorized-servers list in force. */
    long policyVersion();

    /** When the list in force was last confirmed current with the cloud, or empty if never. */
    Optional<Instant> policyUpdated();
}
