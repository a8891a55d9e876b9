package org.rmsconnector.fci.internal;

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
 * Turns the FCI adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = FciSwitch.NAME, immediate = true, service = {}, configurationPid = FciAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FciConfiguration.class)
public class FciSwitch {
    static final String NAME = "org.rmsconnector.fci.switch";
    private static final Workload WORKLOAD = Workload.FCI;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile WorkloadSwitch control;

    // An activate method rather than constructor injection: field references are bound after the constructor,
    // and the first decision may post an event.
    @Activate
    void activate(ComponentContext context, FciConfiguration config) {
        control = new WorkloadSwitch(WORKLOAD, FciAdapter.NAME, FciAdapter.PID, context, () -> eventAdmin);
        control.apply(config.enabled());
    }

    @Modified
    void modified(FciConfiguration config) {
        control.apply(config.enabled());
    }
}
