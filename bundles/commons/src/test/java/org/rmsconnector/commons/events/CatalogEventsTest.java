package org.rmsconnector.commons.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

class CatalogEventsTest {

    @Test
    void postsTheCatalogPropertiesBesideTheFacts() {
        List<Event> posted = new ArrayList<>();
        EventAdmin admin = (EventAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventAdmin.class}, (self, method, args) -> {
                    if (method.getName().equals("postEvent")) {
                        posted.add((Event) args[0]);
                    }
                    return null;
                });
        assertTrue(CatalogEvents.post(admin, ConnectorEvent.UNAUTHORIZED, "nobody may", "node-1",
                Map.of("account", "EVIL")));
        Event event = posted.get(0);
        assertEquals(ConnectorEvent.UNAUTHORIZED.topic(), event.getTopic());
        assertEquals(ConnectorEvent.UNAUTHORIZED.id(), event.getProperty(ConnectorEvent.PROPERTY_ID));
        assertEquals("WARNING", event.getProperty(ConnectorEvent.PROPERTY_LEVEL));
        assertEquals("nobody may", event.getProperty(ConnectorEvent.PROPERTY_MESSAGE));
        assertEquals("node-1", event.getProperty("node"));
        assertEquals("EVIL", event.getProperty("account"));
    }

    @Test
    void withoutEventAdminTheLineIsLoggedInsteadAndCannotBeForged() {
        assertFalse(CatalogEvents.post(null, ConnectorEvent.UNAUTHORIZED, "m", "n", Map.of()));
        String line = CatalogEvents.line(CatalogEvents.properties(ConnectorEvent.UNAUTHORIZED, "say \"hi\"", "n1",
                Map.of("account", "a\nevent=1000")));
        assertEquals("event=" + ConnectorEvent.UNAUTHORIZED.id()
                + " level=WARNING msg=\"say \\\"hi\\\"\" account=\"a\\nevent=1000\" node=\"n1\"", line);
    }
}
