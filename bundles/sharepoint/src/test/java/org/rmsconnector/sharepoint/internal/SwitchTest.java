package org.rmsconnector.sharepoint.internal;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

/** The component that applies the enable/disable decision ({@link SharePointSwitch}). */
class SwitchTest {

    @Test
    void theSwitchDrivesTheAdapterComponentByName() throws Exception {
        List<String> calls = new ArrayList<>();
        ComponentContext context = (ComponentContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ComponentContext.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + " " + args[0]);
                    return null;
                });
        List<Event> events = new ArrayList<>();
        EventAdmin eventAdmin = (EventAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventAdmin.class}, (proxy, method, args) -> {
                    events.add((Event) args[0]);
                    return null;
                });
        SharePointSwitch sw = new SharePointSwitch();
        Field f = SharePointSwitch.class.getDeclaredField("eventAdmin");
        f.setAccessible(true);
        f.set(sw, eventAdmin);

        sw.activate(context, Fixtures.config(SharePointConfiguration.class, Map.of()));
        sw.modified(Fixtures.config(SharePointConfiguration.class, Map.of("enabled", false)));
        sw.modified(Fixtures.config(SharePointConfiguration.class, Map.of("enabled", true)));

        String adapter = "org.rmsconnector.sharepoint.adapter";
        assertEquals(List.of("enableComponent " + adapter, "disableComponent " + adapter,
                "enableComponent " + adapter), calls);
        assertEquals(List.of(ConnectorEvent.WORKLOAD_DISABLED.topic(), ConnectorEvent.WORKLOAD_ENABLED.topic()),
                events.stream().map(Event::getTopic).toList());
        Event disabled = events.get(0);
        assertEquals(4001, disabled.getProperty(ConnectorEvent.PROPERTY_ID));
        assertEquals("sharepoint", disabled.getProperty("workload"));
    }

    @Test
    void theAdapterComponentNameIsTheOneTheSwitchUses() {
        org.osgi.service.component.annotations.Component c = SharePointAdapter.class
                .getAnnotation(org.osgi.service.component.annotations.Component.class);
        // CLASS retention: not visible at run time, so the constant is the contract
        assertNull(c);
        assertEquals("org.rmsconnector.sharepoint.adapter", SharePointAdapter.NAME);
        assertEquals("org.rmsconnector.workload.sharepoint", SharePointAdapter.PID);
    }
}
