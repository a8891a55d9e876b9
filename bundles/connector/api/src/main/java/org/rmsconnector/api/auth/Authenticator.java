package org.rmsconnector.api.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns credentials into a caller. Several authenticators may be registered (client certificate, Kerberos); the
 * relay asks them in service-ranking order and takes the first caller. An answer of 401 carries every registered
 * authenticator's {@link #challenge()} in {@code WWW-Authenticate}.
 */
@ConsumerType
public interface Authenticator {

    /**
     * @return the caller, or empty when these credentials are not of this authenticator's kind
     * @throws AuthenticationException when the credentials are of this kind but invalid (expired, untrusted, …)
     */
    Optional<Caller> authenticate(Credentials credentials) throws AuthenticationException;

    /**
     * The HTTP authentication scheme this authenticator offers a caller that is refused with 401, as written in
     * {@code WWW-Authenticate} (e.g. {@code Negotiate}); empty for an authenticator that reads no
     * {@code Authorization} header (a client certificate is offered in the TLS handshake, not here).
     *
     * @since 1.2
     */
    default Optional<String> challenge() {
        return Optional.empty();
    }
}
