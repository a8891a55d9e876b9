package org.rmsconnector.sharepoint.internal;

import org.rmsconnector.workload.support.Toggle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

/** The enable/disable decision ({@link Toggle}) and the component that applies it ({@link SharePointSwitch}). */
class SwitchTest {

    /** Records what the toggle asks for: "enable", "disable", "announce:true|false". */
    private static final class Recorder implements Toggle.Target {
        final List<String> calls = new ArrayList<>();

        @Override
        public void enableAdapter() {
            calls.add("enable");
        }

        @Override
        public void disableAdapter() {
            calls.add("disable");
        }

        @Override
        public void announce(boolean enabled) {
            calls.add("announce:" + enabled);
        }
    }

    /** A sequence of configured values → what the toggle does for each. */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of(List.of(true), List.of("enable")),
                Arguments.of(List.of(false), List.of("disable", "announce:false")),
                Arguments.of(List.of(true, false), List.of("enable", "disable", "announce:false")),
                Arguments.of(List.of(false, true), List.of("disable", "announce:false", "enable", "announce:true")),
                Arguments.of(List.of(true, true), List.of("enable", "enable")),
                Arguments.of(List.of(false, false), List.of("disable", "announce:false", "disable")),
                Arguments.of(List.of(true, false, true),
                        List.of("enable", "disable", "announce:false", "enable", "announce:true")));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("sequences")
    void appliesEveryValueAndAnnouncesChanges(List<Boolean> values, List<String> expected) {
        Recorder r = new Recorder();
        Toggle toggle = new Toggle(r);
        assertNull(toggle.applied());
        values.forEach(toggle::apply);
        assertEquals(expected, r.calls);
        assertEquals(values.get(values.size() - 1), toggle.applied());
    }

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
