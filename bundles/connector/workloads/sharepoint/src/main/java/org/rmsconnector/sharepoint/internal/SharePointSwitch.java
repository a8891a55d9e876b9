package org.rmsconnector.sharepoint.internal;

import org.rmsconnector.workload.support.WorkloadSwitch;


import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.workload.Workload;

/**
 * Turns the SharePoint adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = SharePointSwitch.NAME, immediate = true, service = {}, configurationPid = SharePointAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SharePointConfiguration.class)
public class SharePointSwitch {
    static final String NAME = "org.rmsconnector.sharepoint.switch";
    private static final Workload WORKLOAD = Workload.SHAREPOINT;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile WorkloadSwitch control;

    // An activate method rather than constructor injection: field references are bound after the constructor,
    // and the first decision may post an event.
    @Activate
    void activate(ComponentContext context, SharePointConfiguration config) {
        control = new WorkloadSwitch(WORKLOAD, SharePointAdapter.NAME, SharePointAdapter.PID, context, () -> eventAdmin);
        control.apply(config.enabled());
    }

    @Modified
    void modified(SharePointConfiguration config) {
        control.apply(config.enabled());
    }
}
