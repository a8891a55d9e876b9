package org.rmsconnector.cloud.internal.osgi;

import org.rmsconnector.cloud.internal.service.CloudAdmin;
import org.rmsconnector.cloud.internal.service.CloudAuthenticator;
import org.rmsconnector.cloud.internal.service.CloudOperations;
import org.rmsconnector.cloud.internal.store.CloudStore;

/** The running tenant service, as the servlets see it. Registered by {@link CloudServiceComponent}. */
public interface CloudBackend {

    CloudOperations operations();

    CloudAuthenticator authenticator();

    CloudAdmin admin();

    /** The tenant's store, for components that maintain it (the LDAP directory sync); never for servlets. */
    CloudStore store();

    /** The URL clients reach the service at, or empty to use the request's own. */
    String publicUrl();
}
