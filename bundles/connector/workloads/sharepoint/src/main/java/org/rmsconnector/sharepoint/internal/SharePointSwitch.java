package org.rmsconnector.sharepoint.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.workload.support.AdapterSwitch;

/**
 * Turns the SharePoint adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = SharePointSwitch.NAME, immediate = true, service = {}, configurationPid = SharePointAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SharePointConfiguration.class)
public class SharePointSwitch extends AdapterSwitch {
    static final String NAME = "org.rmsconnector.sharepoint.switch";

    public SharePointSwitch() {
        super(Workload.SHAREPOINT, SharePointAdapter.NAME, SharePointAdapter.PID);
    }
}
