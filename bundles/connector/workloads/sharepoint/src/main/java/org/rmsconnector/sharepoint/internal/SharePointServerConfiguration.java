package org.rmsconnector.sharepoint.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.workload.support.RegistryServerConfiguration;

/**
 * The registry values a SharePoint 2013/2016 server (the MSIPC client) needs to use this connector, as Microsoft
 * documents them for the RMS connector ("Registry settings for the Rights Management connector", SharePoint 2016 or
 * SharePoint 2013): both MSIPC service locations name the connector, and the tenant's licensing URL is redirected to
 * the connector's. A component of its own, always active, so the configuration can be generated before the workload
 * is enabled.
 */
@Component(service = ServerConfiguration.class, property = WorkloadAdapter.WORKLOAD_PROPERTY + "=sharepoint")
public class SharePointServerConfiguration extends RegistryServerConfiguration {
    static final String MSIPC = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\";

    public SharePointServerConfiguration() {
        super(Workload.SHAREPOINT, true);
    }

    @Override
    protected void put(Map<String, String> values, String connector, String service) {
        values.put(MSIPC + "EnterpriseCertification\\(Default)", connector + "/_wmcs/certification");
        values.put(MSIPC + "EnterprisePublishing\\(Default)", connector + "/_wmcs/licensing");
        values.put(MSIPC + "LicensingRedirection\\" + service + "/_wmcs/licensing", connector + "/_wmcs/licensing");
    }
}
