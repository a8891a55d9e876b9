package org.rmsconnector.commons.events;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.JsonText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a catalog event the way every bundle of the connector does: on EventAdmin under the event's topic, with
 * {@code rms.event.id}, {@code rms.event.level}, {@code rms.event.message} and {@code node} beside the event's own
 * facts. The relay's journal writes what it receives to {@code log/events.log}; without EventAdmin the same line
 * goes to the {@value #LOGGER} logger directly, so no event is lost.
 */
public final class CatalogEvents {
    /** The logger the events log is configured on. */
    public static final String LOGGER = "rms.events";
    /** The property that names the node an event comes from. */
    public static final String NODE = "node";
    private static final Logger EVENTS = LoggerFactory.getLogger(LOGGER);

    private CatalogEvents() {
    }

    /** The event's properties: {@code facts}, then the catalog's id, level, message and the node. */
    public static Map<String, Object> properties(ConnectorEvent event, String message, String node,
            Map<String, ?> facts) {
        Map<String, Object> props = new HashMap<>(facts);
        props.put(ConnectorEvent.PROPERTY_ID, event.id());
        props.put(ConnectorEvent.PROPERTY_LEVEL, event.level().name());
        props.put(ConnectorEvent.PROPERTY_MESSAGE, message);
        props.put(NODE, node);
        return props;
    }

    /** The EventAdmin event for {@code event}, with {@link #properties}. */
    public static Event event(ConnectorEvent event, String message, String node, Map<String, ?> facts) {
        return new Event(event.topic(), properties(event, message, node, facts));
    }

    /**
     * Posts (asynchronously) on {@code admin}, or, when there is none, writes the event's line to the events logger.
     *
     * @param admin the caller's EventAdmin reference; may be null
     * @return whether it was posted
     */
    public static boolean post(EventAdmin admin, ConnectorEvent event, String message, String node,
            Map<String, ?> facts) {
        Map<String, Object> props = properties(event, message, node, facts);
        if (admin != null) {
            admin.postEvent(new Event(event.topic(), props));
            return true;
        }
        log(props);
        return false;
    }

    /** Writes the event's {@link #line} to the events logger at its level. */
    public static void log(Map<String, ?> props) {
        Object level = props.get(ConnectorEvent.PROPERTY_LEVEL);
        String text = line(props);
        if ("ERROR".equals(String.valueOf(level))) {
            EVENTS.error(text);
        } else if ("WARNING".equals(String.valueOf(level))) {
            EVENTS.warn(text);
        } else {
            EVENTS.info(text);
        }
    }

    /**
     * One line per event: {@code event=2001 level=WARNING msg="…" account="…" host="…"}, the other properties in
     * name order, values quoted and escaped so a hostile account name cannot forge a second line or field.
     */
    public static String line(Map<String, ?> props) {
        StringBuilder line = new StringBuilder("event=").append(props.get(ConnectorEvent.PROPERTY_ID))
                .append(" level=").append(props.get(ConnectorEvent.PROPERTY_LEVEL)).append(" msg=")
                .append(JsonText.quote(String.valueOf(props.get(ConnectorEvent.PROPERTY_MESSAGE))));
        new TreeMap<String, Object>(props).forEach((k, v) -> {
            if (!k.startsWith("rms.event.")) {
                line.append(' ').append(k).append('=').append(JsonText.quote(String.valueOf(v)));
            }
        });
        return line.toString();
    }
}
