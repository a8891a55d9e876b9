package org.rmsconnector.authorization.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

/** Keeps every event posted or sent, in order. */
final class RecordingEventAdmin implements EventAdmin {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    /** The catalog ids of the events so far, in order. */
    List<Integer> ids() {
        return events.stream().map(e -> (Integer) e.getProperty(ConnectorEvent.PROPERTY_ID)).toList();
    }

    Event last(ConnectorEvent kind) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (kind.topic().equals(events.get(i).getTopic())) {
                return events.get(i);
            }
        }
        throw new AssertionError("no event " + kind.id() + " among " + ids());
    }

    void clear() {
        events.clear();
    }
}
