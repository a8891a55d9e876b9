package org.rmsconnector.cloud.internal.service;

/**
 * Establishes the caller from the {@code Authorization} header: HTTP Basic for online users and administrators,
 * {@code RMS-Actor <jws>} for calls a connector forwards (see docs/cloud-api.md). Never trusts a connector
 * blindly: the entry and role in the assertion are re-checked against the current authorized-servers list.
 */
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
    CloudCaller authenticate(String authorization, String source, String requestId) throws CloudException;
}
