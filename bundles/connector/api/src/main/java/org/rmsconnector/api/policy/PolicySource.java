package org.rmsconnector.api.policy;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Offers the authorized-servers list in force. Provided by the transport bundle, which fetches it at start, follows
 * the cloud's change feed (long-poll) so a change arrives within seconds, refreshes it fully on a period, and falls
 * back to the verified last-known-good copy when the cloud is unreachable at start.
 */
@ProviderType
public interface PolicySource {

    /** The list in force, or empty when none has been obtained yet (no cloud and no last-known-good copy). */
    Optional<AuthorizationPolicy> current();
}
