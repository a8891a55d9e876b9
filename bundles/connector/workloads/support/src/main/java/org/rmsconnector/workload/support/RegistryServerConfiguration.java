package org.rmsconnector.workload.support;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.workload.Workload;

/**
 * What every adapter's {@link ServerConfiguration} does the same way: checks both URLs ({@link ServerUrls#base}),
 * then lets the adapter put its registry values, in order, as plain {@code scheme://host[:port]} text. An adapter's
 * server configuration is only its workload and its values.
 */
public abstract class RegistryServerConfiguration implements ServerConfiguration {
    private final Workload workload;
    private final boolean serviceUrlRequired;

    /**
     * @param serviceUrlRequired false when the servers of this workload talk to the connector only: the service URL
     *                           may then be null (a malformed one is still refused, so a caller's mistake shows)
     */
    protected RegistryServerConfiguration(Workload workload, boolean serviceUrlRequired) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.serviceUrlRequired = serviceUrlRequired;
    }

    @Override
    public final Workload workload() {
        return workload;
    }

    @Override
    public final Map<String, String> registryValues(URI connectorUrl, URI serviceUrl) {
        String connector = ServerUrls.base(connectorUrl, "connectorUrl");
        String service = serviceUrl == null && !serviceUrlRequired ? null : ServerUrls.base(serviceUrl, "serviceUrl");
        Map<String, String> values = new LinkedHashMap<>();
        put(values, connector, service);
        return Collections.unmodifiableMap(values);
    }

    /**
     * Puts this workload's values, in the order the documentation lists them.
     *
     * @param service null only when the service URL is not required and was not given
     */
    protected abstract void put(Map<String, String> values, String connector, String service);
}
