package org.rmsconnector.exchange.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.workload.support.RegistryServerConfiguration;

/**
 * The registry values an Exchange 2016/2019 server needs to use this connector, as Microsoft documents them for the
 * RMS connector ("Registry settings for the Rights Management connector", Exchange 2016 or Exchange 2019): the MSDRM
 * service locations name the tenant, the Exchange IRM redirections send the tenant's URLs to the connector, and the
 * MSIPC service locations name the connector. A component of its own, always active, so the configuration can be
 * generated before the workload is enabled.
 */
@Component(service = ServerConfiguration.class, property = WorkloadAdapter.WORKLOAD_PROPERTY + "=exchange")
public class ExchangeServerConfiguration extends RegistryServerConfiguration {
    static final String MSDRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\";
    static final String IRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM\\";
    static final String MSIPC = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\";

    public ExchangeServerConfiguration() {
        super(Workload.EXCHANGE, true);
    }

    @Override
    protected void put(Map<String, String> values, String connector, String service) {
        values.put(MSDRM + "Activation\\(Default)", service + "/_wmcs/certification");
        values.put(MSDRM + "EnterprisePublishing\\(Default)", service + "/_wmcs/licensing");
        values.put(IRM + "CertificationServerRedirection\\" + service, connector);
        values.put(IRM + "LicenseServerRedirection\\" + service, connector);
        values.put(MSIPC + "EnterpriseCertification\\(Default)", connector + "/_wmcs/certification");
        values.put(MSIPC + "EnterprisePublishing\\(Default)", connector + "/_wmcs/licensing");
        values.put(MSIPC + "LicensingRedirection\\" + service + "/_wmcs/licensing", connector + "/_wmcs/licensing");
    }
}
