package org.rmsconnector.workload.support;

import java.util.Map;
import java.util.Objects;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.NodeName;

/**
 * The switch component every adapter bundle declares: reads {@code enabled} from the adapter's configuration PID on
 * activation and on every update and lets {@link WorkloadSwitch} enable or disable the adapter component. A bundle's
 * switch is only its declaration:
 *
 * <pre>
 * &#64;Component(name = …, immediate = true, service = {}, configurationPid = …, configurationPolicy = OPTIONAL)
 * &#64;Designate(ocd = ExchangeConfiguration.class)
 * public class ExchangeSwitch extends AdapterSwitch {
 *     public ExchangeSwitch() { super(Workload.EXCHANGE, ExchangeAdapter.NAME, ExchangeAdapter.PID); }
 * }
 * </pre>
 *
 * The reference and the lifecycle methods here are found by bnd with {@code -dsannotations-options: inherit}; the
 * class is embedded in each adapter bundle, so the declaration is generated into that bundle.
 */
public abstract class AdapterSwitch {
    private final Workload workload;
    private final String adapterName;
    private final String pid;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    // not private: SCR injects a field declared in a superclass only when the subclass may see it
    protected volatile EventAdmin eventAdmin;

    private volatile WorkloadSwitch control;

    /**
     * @param adapterName the adapter component's name, as its {@code @Component(name=…)} declares it
     * @param pid the configuration PID the adapter and the switch share
     */
    protected AdapterSwitch(Workload workload, String adapterName, String pid) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.adapterName = Objects.requireNonNull(adapterName, "adapterName");
        this.pid = Objects.requireNonNull(pid, "pid");
    }

    // An activate method rather than constructor injection: field references are bound after the constructor,
    // and the first decision may post an event.
    @Activate
    public void activate(ComponentContext context, Map<String, Object> properties) {
        String node = NodeName.resolve(null, context.getBundleContext() == null ? null
                : context.getBundleContext().getProperty(NodeName.PROPERTY));
        control = new WorkloadSwitch(workload, adapterName, pid, node, context, () -> eventAdmin);
        control.apply(enabled(properties));
    }

    @Modified
    public void modified(Map<String, Object> properties) {
        control.apply(enabled(properties));
    }

    /** {@code enabled} as ConfigAdmin holds it: a Boolean from the console or a typed file, text from a .cfg file. */
    static boolean enabled(Map<String, Object> properties) {
        Object value = properties.get("enabled");
        if (value == null) {
            return true;
        }
        String text = String.valueOf(value).trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("enabled: expected true or false, got " + value);
    }
}
