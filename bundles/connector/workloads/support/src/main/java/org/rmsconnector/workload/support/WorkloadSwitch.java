package org.rmsconnector.workload.support;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.events.CatalogEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a workload bundle's switch component does with its {@code enabled} setting: enables or disables the adapter
 * component by name (through the switch's own {@link ComponentContext}, so no service is registered by hand),
 * and announces a change as event 4000/4001. Each bundle keeps only the component declaration.
 */
public final class WorkloadSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadSwitch.class);

    private final Workload workload;
    private final String pid;
    private final String node;
    private final Supplier<EventAdmin> events;
    private final Toggle toggle;

    /**
     * @param adapterName the adapter component's name, as its {@code @Component(name=…)} declares it
     * @param pid the configuration PID, for the log and the event
     * @param node this node's name, for the event
     * @param events the switch's (optional, dynamic) EventAdmin; may supply null
     */
    public WorkloadSwitch(Workload workload, String adapterName, String pid, String node, ComponentContext context,
            Supplier<EventAdmin> events) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.pid = Objects.requireNonNull(pid, "pid");
        this.node = Objects.requireNonNull(node, "node");
        this.events = Objects.requireNonNull(events, "events");
        this.toggle = new Toggle(new Toggle.Target() {
            @Override
            public void enableAdapter() {
                context.enableComponent(adapterName);
            }

            @Override
            public void disableAdapter() {
                context.disableComponent(adapterName);
            }

            @Override
            public void announce(boolean enabled) {
                WorkloadSwitch.this.announce(enabled);
            }
        });
    }

    /** Applies the configured value; the first call announces only "disabled". */
    public void apply(boolean enabled) {
        toggle.apply(enabled);
    }

    private void announce(boolean enabled) {
        ConnectorEvent event = enabled ? ConnectorEvent.WORKLOAD_ENABLED : ConnectorEvent.WORKLOAD_DISABLED;
        String message = "the " + workload.id() + " workload is " + (enabled ? "enabled" : "disabled")
                + " by configuration " + pid;
        LOG.info("{}", message);
        CatalogEvents.post(events.get(), event, message, node, Map.of("workload", workload.id()));
    }
}
