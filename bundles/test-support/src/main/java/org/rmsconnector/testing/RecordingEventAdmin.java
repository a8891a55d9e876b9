package org.rmsconnector.testing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

/** An EventAdmin that keeps every event posted or sent, in order, for assertions on the event catalog. */
public final class RecordingEventAdmin implements EventAdmin {

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    /** The catalog events so far, in order; an event outside the catalog fails the test. */
    public List<ConnectorEvent> events() {
        return events.stream().map(e -> Arrays.stream(ConnectorEvent.values())
                .filter(c -> c.topic().equals(e.getTopic())).findFirst()
                .orElseThrow(() -> new AssertionError("not a catalog event: " + e.getTopic()))).toList();
    }

    /** The catalog ids of the events so far, in order. */
    public List<Integer> ids() {
        return events.stream().map(e -> (Integer) e.getProperty(ConnectorEvent.PROPERTY_ID)).toList();
    }

    /** The events of one kind so far, in order. */
    public List<Event> of(ConnectorEvent kind) {
        return events.stream().filter(e -> e.getTopic().equals(kind.topic())).collect(Collectors.toList());
    }

    /** The latest event of one kind; fails the test when there is none. */
    public Event last(ConnectorEvent kind) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (kind.topic().equals(events.get(i).getTopic())) {
                return events.get(i);
            }
        }
        throw new AssertionError("no event " + kind.id() + " among " + ids());
    }

    public void clear() {
        events.clear();
    }

    @Override
    public String toString() {
        return events.stream().map(e -> e.getTopic() + " " + e.getProperty(ConnectorEvent.PROPERTY_MESSAGE))
                .collect(Collectors.joining("\n"));
    }
}
