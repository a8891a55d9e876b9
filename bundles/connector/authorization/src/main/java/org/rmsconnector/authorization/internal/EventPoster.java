package org.rmsconnector.authorization.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.events.CatalogEvents;

/**
 * Posts catalog events the way every connector bundle does ({@link CatalogEvents}): on EventAdmin, else as a line on
 * the {@code rms.events} logger, so no event is lost.
 */
final class EventPoster {

    private final Supplier<EventAdmin> eventAdmin;
    private final String node;

    EventPoster(Supplier<EventAdmin> eventAdmin, String node) {
        this.eventAdmin = eventAdmin;
        this.node = node;
    }

    void post(ConnectorEvent event, String message, Map<String, Object> properties) {
        CatalogEvents.post(eventAdmin.get(), event, message, node, properties);
    }
}
