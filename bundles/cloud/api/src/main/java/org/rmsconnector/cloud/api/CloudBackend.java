package org.rmsconnector.cloud.api;

import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.cloud.store.CloudStore;

/**
 * The running tenant service, as the servlets and the LDAP directory sync see it. Registered by the tenant service
 * component of bundle {@code rms-cloud-service}.
 */
@ProviderType
public interface CloudBackend {

    CloudOperations operations();

    CloudAuthenticator authenticator();

    CloudAdmin admin();

    /** The tenant's store, for components that maintain it (the LDAP directory sync); never for servlets. */
    CloudStore store();

    /** The URL clients reach the service at, or empty to use the request's own. */
    String publicUrl();
}
