package org.rmsconnector.api.admin;

import java.net.URI;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.rmsconnector.api.workload.Workload;

/**
 * What an on-premises server of one workload needs in its registry to use the connector. Registered by each
 * workload adapter bundle.
 */
@ConsumerType
public interface ServerConfiguration {

    Workload workload();

    /**
     * The registry values, in order: the full path of each value ({@code HKEY_LOCAL_MACHINE\...\Key\ValueName},
     * {@code (Default)} for a key's default value) to its string data.
     *
     * @param connectorUrl the connector as the servers reach it (scheme, host, port; the load-balanced name)
     * @param serviceUrl   the tenant's service URL (scheme, host, port)
     * @throws IllegalArgumentException when a URL is not an absolute http(s) URL without a path
     */
    Map<String, String> registryValues(URI connectorUrl, URI serviceUrl);
}
