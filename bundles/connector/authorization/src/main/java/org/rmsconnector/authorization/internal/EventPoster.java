package org.rmsconnector.authorization.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts catalog events the way the relay does: on EventAdmin under the event's topic, with the id, level, message and
 * node properties; the relay's journal writes them to the events log. Without EventAdmin the line is written to the
 * same {@code rms.events} logger directly, so no event is lost.
 */
final class EventPoster {
    private static final Logger EVENTS = LoggerFactory.getLogger("rms.events");
    /** The framework property the start script sets from RMS_NODE_NAME, as the relay reads it. */
    static final String NODE_PROPERTY = "rms.node.name";

    private final Supplier<EventAdmin> eventAdmin;
    private final String node;

    EventPoster(Supplier<EventAdmin> eventAdmin, String node) {
        this.eventAdmin = eventAdmin;
        this.node = node;
    }

    void post(ConnectorEvent event, String message, Map<String, Object> properties) {
        Map<String, Object> props = new HashMap<>(properties);
        props.put(ConnectorEvent.PROPERTY_ID, event.id());
        props.put(ConnectorEvent.PROPERTY_LEVEL, event.level().name());
        props.put(ConnectorEvent.PROPERTY_MESSAGE, message);
        props.put("node", node);
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(event.topic(), props));
        } else {
            log(props);
        }
    }

    /** The same line shape as the relay's journal: {@code event=2002 level=WARNING msg="…" account="…"}. */
    private static void log(Map<String, Object> props) {
        Object level = props.get(ConnectorEvent.PROPERTY_LEVEL);
        StringBuilder line = new StringBuilder("event=").append(props.get(ConnectorEvent.PROPERTY_ID))
                .append(" level=").append(level).append(" msg=")
                .append(quote(String.valueOf(props.get(ConnectorEvent.PROPERTY_MESSAGE))));
        new TreeMap<>(props).forEach((k, v) -> {
            if (!k.startsWith("rms.event.")) {
                line.append(' ').append(k).append('=').append(quote(String.valueOf(v)));
            }
        });
        if ("WARNING".equals(level)) {
            EVENTS.warn(line.toString());
        } else if ("ERROR".equals(level)) {
            EVENTS.error(line.toString());
        } else {
            EVENTS.info(line.toString());
        }
    }

    /** Quoted and escaped, so a hostile account name cannot forge a second line or field. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The framework property, else the host name: the node name the relay uses when not configured. */
    static String nodeName(String frameworkProperty) {
        if (frameworkProperty != null && !frameworkProperty.isBlank()) {
            return frameworkProperty.trim();
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
