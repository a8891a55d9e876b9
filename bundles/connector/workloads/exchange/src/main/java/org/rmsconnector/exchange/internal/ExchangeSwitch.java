package org.rmsconnector.exchange.internal;

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
 * Turns the Exchange adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = ExchangeSwitch.NAME, immediate = true, service = {}, configurationPid = ExchangeAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExchangeConfiguration.class)
public class ExchangeSwitch {
    static final String NAME = "org.rmsconnector.exchange.switch";
    private static final Workload WORKLOAD = Workload.EXCHANGE;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile WorkloadSwitch control;

    // An activate method rather than constructor injection: field references are bound after the constructor,
    // and the first decision may post an event.
    @Activate
    void activate(ComponentContext context, ExchangeConfiguration config) {
        control = new WorkloadSwitch(WORKLOAD, ExchangeAdapter.NAME, ExchangeAdapter.PID, context, () -> eventAdmin);
        control.apply(config.enabled());
    }

    @Modified
    void modified(ExchangeConfiguration config) {
        control.apply(config.enabled());
    }
}
