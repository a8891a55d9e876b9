package org.rmsconnector.relay.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;

/** Keeps every event posted or sent, in order. */
final class RecordingEventAdmin implements EventAdmin {
    final List<Event> posted = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        posted.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        posted.add(event);
    }

    /** The catalog events so far, in order. */
    List<ConnectorEvent> events() {
        return posted.stream().map(e -> Arrays.stream(ConnectorEvent.values())
                .filter(c -> c.topic().equals(e.getTopic())).findFirst()
                .orElseThrow(() -> new AssertionError("not a catalog event: " + e.getTopic()))).toList();
    }

    Event last(ConnectorEvent kind) {
        for (int i = posted.size() - 1; i >= 0; i--) {
            if (kind.topic().equals(posted.get(i).getTopic())) {
                return posted.get(i);
            }
        }
        throw new AssertionError("no event " + kind.id() + " among " + events());
    }
}
