package org.rmsconnector.relay.internal;

import java.lang.reflect.Array;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rmsconnector.api.admin.EventLog;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.NodeName;
import org.rmsconnector.commons.events.CatalogEvents;

/**
 * Writes every connector event as one structured line on the {@code rms.events} logger (the logging configuration
 * sends it to {@code log/events.log}), whichever bundle posted it, and keeps the last {@value #KEPT} in memory for
 * the console ({@link EventLog}). Its own life is the connector's: it records 1000 when the relay starts and 1001
 * when it stops cleanly.
 */
@Component(immediate = true, service = {EventHandler.class, EventLog.class}, configurationPid = RelayServlet.PID,
        property = EventConstants.EVENT_TOPIC + "=" + ConnectorEvent.TOPIC_PREFIX + "*")
public class EventJournal implements EventHandler, EventLog {
    /** Events kept for {@link #recent}; older ones are only in the log file. */
    static final int KEPT = 1000;

    private final String version;
    private final String nodeProperty;
    private volatile String node;
    private final Clock clock;
    private final EventRing ring = new EventRing(KEPT);

    /** The node's name as the relay configuration gives it (node.name), like every other event of this node. */
    @Activate
    public EventJournal(BundleContext context, RelayConfiguration config) {
        this(context.getBundle().getVersion().toString(), context.getProperty(NodeName.PROPERTY),
                NodeName.resolve(config.node_name(), context.getProperty(NodeName.PROPERTY)), Clock.systemUTC());
    }

    EventJournal(String version, String node, Clock clock) {
        this(version, null, node, clock);
    }

    private EventJournal(String version, String nodeProperty, String node, Clock clock) {
        this.version = version;
        this.nodeProperty = nodeProperty;
        this.node = node;
        this.clock = clock;
        journal(lifecycle(ConnectorEvent.STARTED));
    }

    /** A relay configuration change is not a restart: only the node's name is taken. */
    @Modified
    void modified(RelayConfiguration config) {
        node = NodeName.resolve(config.node_name(), nodeProperty);
    }

    @Deactivate
    void deactivate() {
        journal(lifecycle(ConnectorEvent.STOPPED));
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
        if (!props.containsKey(ConnectorEvent.PROPERTY_ID)) {
            // a poster that set only the topic: the id is the topic's last segment
            String topic = event.getTopic();
            props.put(ConnectorEvent.PROPERTY_ID, topic.substring(topic.lastIndexOf('/') + 1));
        }
        journal(props);
    }

    @Override
    public List<RecordedEvent> recent(int limit, Integer id, ConnectorEvent.Level minLevel, String text) {
        return ring.recent(limit, id, minLevel, text);
    }

    private void journal(Map<String, Object> props) {
        record(props);
        CatalogEvents.log(props);
    }

    /** Keeps the event in the ring: its time, id, level and message, and its other properties as text. */
    RecordedEvent record(Map<String, Object> props) {
        int id = id(props.get(ConnectorEvent.PROPERTY_ID));
        ConnectorEvent known = Arrays.stream(ConnectorEvent.values()).filter(e -> e.id() == id).findFirst()
                .orElse(null);
        ConnectorEvent.Level level = level(props.get(ConnectorEvent.PROPERTY_LEVEL), known);
        Object message = props.get(ConnectorEvent.PROPERTY_MESSAGE);
        Instant time = props.get(EventConstants.TIMESTAMP) instanceof Long millis ? Instant.ofEpochMilli(millis)
                : clock.instant();
        Map<String, String> others = new TreeMap<>();
        props.forEach((k, v) -> {
            if (!k.startsWith("rms.event.") && !EventConstants.TIMESTAMP.equals(k) && v != null) {
                others.put(k, text(v));
            }
        });
        String text = message != null ? String.valueOf(message) : known != null ? known.description() : "";
        return ring.add(time, id, level, text, others);
    }

    private static int id(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? 0 : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0; // not one of the catalog's; kept so the console still shows it
        }
    }

    private static ConnectorEvent.Level level(Object value, ConnectorEvent known) {
        if (value != null) {
            for (ConnectorEvent.Level l : ConnectorEvent.Level.values()) {
                if (l.name().equalsIgnoreCase(value.toString().trim())) {
                    return l;
                }
            }
        }
        return known != null ? known.level() : ConnectorEvent.Level.INFO;
    }

    /** A property value as text; arrays and collections element by element rather than as an identity hash. */
    static String text(Object value) {
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return items.toString();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList().toString();
        }
        return value.toString();
    }
}
