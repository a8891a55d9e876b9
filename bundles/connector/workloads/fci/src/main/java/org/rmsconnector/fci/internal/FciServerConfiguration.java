package org.rmsconnector.fci.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.workload.support.RegistryServerConfiguration;

/**
 * The registry values a Windows file server using File Classification Infrastructure (the MSDRM client) needs to
 * use this connector, as Microsoft documents them for the RMS connector ("File server and File Classification
 * Infrastructure registry settings"): both MSDRM service locations name the connector, so the tenant's URL is not
 * needed. A component of its own, always active, so the configuration can be generated before the workload is
 * enabled.
 */
@Component(service = ServerConfiguration.class, property = WorkloadAdapter.WORKLOAD_PROPERTY + "=fci")
public class FciServerConfiguration extends RegistryServerConfiguration {
    static final String MSDRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\";

    public FciServerConfiguration() {
        super(Workload.FCI, false);
    }

    @Override
    protected void put(Map<String, String> values, String connector, String service) {
        values.put(MSDRM + "EnterprisePublishing\\(Default)", connector + "/_wmcs/licensing");
        values.put(MSDRM + "Activation\\(Default)", connector + "/_wmcs/certification");
    }
}
