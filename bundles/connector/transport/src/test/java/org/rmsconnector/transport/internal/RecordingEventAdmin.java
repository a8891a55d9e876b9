package org.rmsconnector.transport.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

/** An EventAdmin that keeps what it is given, for assertions. */
public final class RecordingEventAdmin implements EventAdmin {

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    public List<Event> of(ConnectorEvent type) {
        return events.stream().filter(e -> e.getTopic().equals(type.topic())).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return events.stream().map(e -> e.getTopic() + " " + e.getProperty(ConnectorEvent.PROPERTY_MESSAGE))
                .collect(Collectors.joining("\n"));
    }
}
