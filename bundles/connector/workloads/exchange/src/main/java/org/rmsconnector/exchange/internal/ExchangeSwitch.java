package org.rmsconnector.exchange.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.workload.support.AdapterSwitch;

/**
 * Turns the Exchange adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = ExchangeSwitch.NAME, immediate = true, service = {}, configurationPid = ExchangeAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExchangeConfiguration.class)
public class ExchangeSwitch extends AdapterSwitch {
    static final String NAME = "org.rmsconnector.exchange.switch";

    public ExchangeSwitch() {
        super(Workload.EXCHANGE, ExchangeAdapter.NAME, ExchangeAdapter.PID);
    }
}
