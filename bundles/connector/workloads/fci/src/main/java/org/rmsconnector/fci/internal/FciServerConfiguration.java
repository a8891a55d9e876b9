package org.rmsconnector.fci.internal;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.workload.support.ServerUrls;

/**
 * The registry values a Windows file server using File Classification Infrastructure (the MSDRM client) needs to
 * use this connector, as Microsoft documents them for the RMS connector ("File server and File Classification
 * Infrastructure registry settings"): both MSDRM service locations name the connector, so the tenant's URL is not
 * needed. A component of its own, always active, so the configuration can be generated before the workload is
 * enabled.
 */
@Component(service = ServerConfiguration.class, property = WorkloadAdapter.WORKLOAD_PROPERTY + "=fci")
public class FciServerConfiguration implements ServerConfiguration {
    static final String MSDRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\";

    @Override
    public Workload workload() {
        return Workload.FCI;
    }

    /**
     * @param serviceUrl not used (the file server only talks to the connector); {@code null} is accepted, a
     *                   malformed one is still refused so a caller's mistake does not go unnoticed
     */
    @Override
    public Map<String, String> registryValues(URI connectorUrl, URI serviceUrl) {
        String connector = ServerUrls.base(connectorUrl, "connectorUrl");
        if (serviceUrl != null) {
            ServerUrls.base(serviceUrl, "serviceUrl");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put(MSDRM + "EnterprisePublishing\\(Default)", connector + "/_wmcs/licensing");
        values.put(MSDRM + "Activation\\(Default)", connector + "/_wmcs/certification");
        return Collections.unmodifiableMap(values);
    }
}
