package org.rmsconnector.api.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a caller may use the connector, from the authorized-servers list the cloud service keeps.
 * Provided once, by the authorization bundle.
 */
@ProviderType
public interface AuthorizationService {

    /**
     * The decision, answered on the calling thread. It may wait for the directory (group membership not read yet),
     * so a request thread calls {@link #authorizeAsync} instead.
     *
     * @return the matching entry and role, or empty when the caller is not on the list
     */
    Optional<Authorization> authorize(Caller caller);

    /**
     * The same decision without blocking: the stage is complete at once when everything the decision needs is in
     * memory, and completes later (on another thread) when group membership must first be read from the directory.
     * It never completes exceptionally for a caller that is simply not on the list: that is an empty answer. The
     * default answers with {@link #authorize}, for implementations that never wait.
     *
     * @return the matching entry and role, or empty when the caller is not on the list
     * @since 1.1
     */
    default CompletionStage<Optional<Authorization>> authorizeAsync(Caller caller) {
        return CompletableFuture.completedFuture(authorize(caller));
    }

    /** The version of the authorized-servers list in force. */
    long policyVersion();

    /** When the list in force was last confirmed current with the cloud, or empty if never. */
    Optional<Instant> policyUpdated();
}
