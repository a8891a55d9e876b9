package org.rmsconnector.guard.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.events.CatalogEvents;
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

    /** @param frameworkNode the {@code rms.node.name} framework property; the host name when blank */
    GuardEvents(Supplier<EventAdmin> eventAdmin, String frameworkNode) {
        this.eventAdmin = eventAdmin;
        this.node = NodeName.resolve(null, frameworkNode);
    }

    void post(ConnectorEvent event, String message, Map<String, Object> properties) {
        // without EventAdmin the helper has written the events log line already
        if (CatalogEvents.post(eventAdmin.get(), event, message, node, properties)) {
            LOG.warn("event={} {} {}", event.id(), message, properties);
        }
    }
}
