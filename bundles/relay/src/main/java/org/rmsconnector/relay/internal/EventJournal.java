package org.rmsconnector.relay.internal;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rmsconnector.api.event.ConnectorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every connector event as one structured line on the {@code rms.events} logger (the logging configuration
 * sends it to {@code log/events.log}), whichever bundle posted it. Its own life is the connector's: it records
 * 1000 when the relay starts and 1001 when it stops cleanly.
 */
@Component(immediate = true, property = EventConstants.EVENT_TOPIC + "=" + ConnectorEvent.TOPIC_PREFIX + "*")
public class EventJournal implements EventHandler {
    static final Logger EVENTS = LoggerFactory.getLogger("rms.events");

    private final String version;
    private final String node;

    @Activate
    public EventJournal(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
        this.node = NodeIdentity.name(null, context.getProperty(NodeIdentity.PROPERTY));
        log(lifecycle(ConnectorEvent.STARTED));
    }

    @Deactivate
    void deactivate() {
        log(lifecycle(ConnectorEvent.STOPPED));
    }

    private Map<String, Object> lifecycle(ConnectorEvent event) {
        return Map.of(ConnectorEvent.PROPERTY_ID, event.id(), ConnectorEvent.PROPERTY_LEVEL, event.level().name(),
                ConnectorEvent.PROPERTY_MESSAGE, event.description(), "node", node,
                "version", version);
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                props.put(name, event.getProperty(name));
            }
        }
        log(props);
    }

    /**
     * One line per event: {@code event=2001 level=WARNING msg="…" account="…" host="…"}. Values are quoted and
     * escaped so a hostile account name cannot forge a second line or field.
     */
    static void log(Map<String, Object> props) {
        Object id = props.get(ConnectorEvent.PROPERTY_ID);
        Object level = props.get(ConnectorEvent.PROPERTY_LEVEL);
        StringBuilder line = new StringBuilder("event=").append(id).append(" level=").append(level)
                .append(" msg=").append(Json.quote(String.valueOf(props.get(ConnectorEvent.PROPERTY_MESSAGE))));
        new TreeMap<>(props).forEach((k, v) -> {
            if (!k.startsWith("rms.event.")) {
                line.append(' ').append(k).append('=').append(Json.quote(String.valueOf(v)));
            }
        });
        String text = line.toString();
        if ("ERROR".equals(level)) {
            EVENTS.error(text);
        } else if ("WARNING".equals(level)) {
            EVENTS.warn(text);
        } else {
            EVENTS.info(text);
        }
    }
}
