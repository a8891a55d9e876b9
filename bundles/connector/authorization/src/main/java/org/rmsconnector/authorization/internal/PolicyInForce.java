package org.rmsconnector.authorization.internal;

import java.util.Optional;

import org.rmsconnector.api.policy.AuthorizationPolicy;

/** The authorized-servers list the decision uses right now; an internal service, read by the health check. */
public interface PolicyInForce {

    Optional<AuthorizationPolicy> policyInForce();
}
