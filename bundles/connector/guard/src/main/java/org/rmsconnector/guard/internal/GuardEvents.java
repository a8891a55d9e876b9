package org.rmsconnector.guard.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the guard's catalog events on EventAdmin (the relay's journal writes them to log/events.log and the console's
 * Events page) and always logs them too: on a node without the relay (bin/rms-cloud) the log is the only record.
 */
final class GuardEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GuardEvents.class);

    private final Supplier<EventAdmin> eventAdmin;
    private final String node;

    GuardEvents(Supplier<EventAdmin> eventAdmin, String node) {
        this.eventAdmin = eventAdmin;
        this.node = node == null || node.isBlank() ? hostName() : node;
    }

    /** The node's name when the start script gave none (RMS_NODE_NAME), as the relay names it. */
    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    void post(ConnectorEvent event, String message, Map<String, Object> properties) {
        LOG.warn("event={} {} {}", event.id(), message, properties);
        EventAdmin admin = eventAdmin.get();
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>(properties);
        props.put(ConnectorEvent.PROPERTY_ID, event.id());
        props.put(ConnectorEvent.PROPERTY_LEVEL, event.level().name());
        props.put(ConnectorEvent.PROPERTY_MESSAGE, message);
        props.put("node", node);
        admin.postEvent(new Event(event.topic(), props));
    }
}
