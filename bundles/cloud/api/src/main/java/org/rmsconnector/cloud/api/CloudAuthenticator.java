package org.rmsconnector.cloud.api;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.channel.ChannelSession;

/**
 * Establishes the caller from the {@code Authorization} header: HTTP Basic for online users and administrators,
 * {@code RMS-Actor <jws>} for calls a connector forwards (see docs/cloud-api.md). Never trusts a connector
 * blindly: the entry and role in the assertion are re-checked against the current authorized-servers list.
 */
@ProviderType
public interface CloudAuthenticator {

    /**
     * @param authorization the header value, or {@code null}
     * @param requestId the request's correlation id
     * @throws CloudException 401 for missing, malformed, forged, expired or replayed credentials; 403 when the
     *         assertion's entry is no longer authorized or holds another role
     */
    default CloudCaller authenticate(String authorization, String requestId) throws CloudException {
        return authenticate(authorization, null, requestId);
    }

    /**
     * As {@link #authenticate(String, String)}, counting failed passwords per {@code source} address: repeated
     * failures from one address or for one user make the next attempt wait ({@code 429} with {@code Retry-After}).
     *
     * @param source the caller's address, or {@code null} when unknown
     */
    default CloudCaller authenticate(String authorization, String source, String requestId) throws CloudException {
        return authenticate(authorization, source, requestId, null);
    }

    /**
     * As {@link #authenticate(String, String, String)}, for a request whose method, target and body are known:
     * then an actor assertion in the session form (HS256 under a channel session's key) is accepted when it is
     * bound to exactly that request. Without a binding, only the signed form is.
     *
     * @param binding the request being served, or {@code null}
     * @throws CloudException also 401 {@code session_unknown} for a session this service does not hold (expired,
     *         or the service restarted): the connector opens another and sends the request again
     */
    CloudCaller authenticate(String authorization, String source, String requestId, ActorAssertion.Binding binding)
            throws CloudException;

    /**
     * Opens a channel session (docs/protocol.md §3.x.1): verifies the connector's signed session assertion, accepts
     * its {@code jti} once, unwraps the session key with the tenant key and keeps it in memory until the
     * assertion's expiry.
     *
     * @throws CloudException 401 as for a signed actor assertion
     */
    ChannelSession.Grant openSession(String sessionAssertion) throws CloudException;
}
