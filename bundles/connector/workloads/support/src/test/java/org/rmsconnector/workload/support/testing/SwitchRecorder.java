package org.rmsconnector.workload.support.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.workload.Workload;

/**
 * Stands in for what SCR gives an adapter's switch component — its {@link ComponentContext} and EventAdmin — and
 * records what the switch did with them, so each adapter's test proves its switch drives its own adapter.
 */
public final class SwitchRecorder {
    private final List<String> calls = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    /** The context whose {@code enableComponent}/{@code disableComponent} calls are recorded. */
    public ComponentContext context() {
        return (ComponentContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ComponentContext.class}, (proxy, method, args) -> {
                    if (method.getName().endsWith("Component")) {
                        calls.add(method.getName() + " " + args[0]);
                    }
                    return null;
                });
    }

    /** Sets the switch's (DS field-injected) EventAdmin reference to a recording one. */
    public void injectEventAdmin(Object component, String field) throws ReflectiveOperationException {
        EventAdmin admin = (EventAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventAdmin.class}, (proxy, method, args) -> {
                    events.add((Event) args[0]);
                    return null;
                });
        Class<?> type = component.getClass();
        while (type != null && java.util.Arrays.stream(type.getDeclaredFields()).noneMatch(d -> d.getName().equals(field))) {
            type = type.getSuperclass();
        }
        if (type == null) {
            throw new NoSuchFieldException(field);
        }
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        f.set(component, admin);
    }

    /** After activate (enabled by default), disable, enable: the adapter named followed, and both changes were announced. */
    public void assertFollowedOnOffOn(String adapterName, Workload workload) {
        assertEquals(List.of("enableComponent " + adapterName, "disableComponent " + adapterName,
                "enableComponent " + adapterName), calls);
        assertEquals(List.of(ConnectorEvent.WORKLOAD_DISABLED.topic(), ConnectorEvent.WORKLOAD_ENABLED.topic()),
                events.stream().map(Event::getTopic).toList());
        assertEquals(ConnectorEvent.WORKLOAD_DISABLED.id(), events.get(0).getProperty(ConnectorEvent.PROPERTY_ID));
        assertEquals(workload.id(), events.get(0).getProperty("workload"));
    }
}
