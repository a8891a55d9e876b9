package org.rmsconnector.api.auth;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns credentials into a caller. Several authenticators may be registered (client certificate, Kerberos); the
 * relay asks them in service-ranking order and takes the first caller.
 */
@ConsumerType
public interface Authenticator {

    /**
     * @return the caller, or empty when these credentials are not of this authenticator's kind
     * @throws AuthenticationException when the credentials are of this kind but invalid (expired, untrusted, …)
     */
    Optional<Caller> authenticate(Credentials credentials) throws AuthenticationException;
}
