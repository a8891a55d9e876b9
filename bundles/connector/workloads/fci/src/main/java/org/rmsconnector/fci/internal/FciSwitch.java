package org.rmsconnector.fci.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.workload.support.AdapterSwitch;

/**
 * Turns the FCI adapter on and off from its configuration ({@code enabled}); see the package documentation
 * for why it is a second component.
 */
@Component(name = FciSwitch.NAME, immediate = true, service = {}, configurationPid = FciAdapter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FciConfiguration.class)
public class FciSwitch extends AdapterSwitch {
    static final String NAME = "org.rmsconnector.fci.switch";

    public FciSwitch() {
        super(Workload.FCI, FciAdapter.NAME, FciAdapter.PID);
    }
}
