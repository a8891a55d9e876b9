package org.rmsconnector.api.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every new version of the authorized-servers list (whiteboard: register a service of this type). Called
 * on the source's thread; must return quickly.
 */
@ConsumerType
public interface PolicyListener {

    void policyChanged(AuthorizationPolicy policy);
}
