package org.rmsconnector.fci.internal;

import org.rmsconnector.workload.support.Toggle;

import java.util.Map;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the FCI adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = FciSwitch.NAME, immediate = true, service = {}, configurationPid = FciAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FciConfiguration.class)
public class FciSwitch {
    static final String NAME = "org.rmsconnector.fci.switch";
    private static final Logger LOG = LoggerFactory.getLogger(FciSwitch.class);
    private static final Workload WORKLOAD = Workload.FCI;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile Toggle toggle;

    // An activate method rather than constructor injection: field references are bound after the constructor,
    // and the first decision may post an event.
    @Activate
    void activate(ComponentContext context, FciConfiguration config) {
        toggle = new Toggle(new Toggle.Target() {
            @Override
            public void enableAdapter() {
                context.enableComponent(FciAdapter.NAME);
            }

            @Override
            public void disableAdapter() {
                context.disableComponent(FciAdapter.NAME);
            }

            @Override
            public void announce(boolean enabled) {
                FciSwitch.this.announce(enabled);
            }
        });
        toggle.apply(config.enabled());
    }

    @Modified
    void modified(FciConfiguration config) {
        toggle.apply(config.enabled());
    }

    private void announce(boolean enabled) {
        ConnectorEvent event = enabled ? ConnectorEvent.WORKLOAD_ENABLED : ConnectorEvent.WORKLOAD_DISABLED;
        String message = "the " + WORKLOAD.id() + " workload is " + (enabled ? "enabled" : "disabled")
                + " by configuration " + FciAdapter.PID;
        LOG.info("{}", message);
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(event.topic(), Map.of(ConnectorEvent.PROPERTY_ID, event.id(),
                    ConnectorEvent.PROPERTY_LEVEL, event.level().name(), ConnectorEvent.PROPERTY_MESSAGE, message,
                    "workload", WORKLOAD.id())));
        }
    }
}
