package org.rmsconnector.cloud.internal.osgi;

import org.rmsconnector.cloud.internal.service.CloudAdmin;
import org.rmsconnector.cloud.internal.service.CloudAuthenticator;
import org.rmsconnector.cloud.internal.service.CloudOperations;

/** The running tenant service, as the servlets see it. Registered by {@link CloudServiceComponent}. */
public interface CloudBackend {

    CloudOperations operations();

    CloudAuthenticator authenticator();

    CloudAdmin admin();

    /** The URL clients reach the service at, or empty to use the request's own. */
    String publicUrl();
}
