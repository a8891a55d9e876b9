package org.rmsconnector.relay.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.event.ConnectorEvent;

/**
 * The last {@link #capacity()} events in a fixed ring: the oldest is overwritten, so memory never grows. Thread-safe:
 * one lock, held only to write a slot or to copy the slots out; filtering happens on the copy.
 */
final class EventRing {
    private final RecordedEvent[] slots;
    /** The sequence number the next event gets; the first event is 1. */
    private long next = 1;

    EventRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.slots = new RecordedEvent[capacity];
    }

    int capacity() {
        return slots.length;
    }

    /** Records one event and gives it the next sequence number. */
    synchronized RecordedEvent add(Instant time, int id, ConnectorEvent.Level level, String message,
            Map<String, String> properties) {
        RecordedEvent event = new RecordedEvent(next, time, id, level, message, properties);
        slots[(int) ((next - 1) % slots.length)] = event;
        next++;
        return event;
    }

    /**
     * The newest events first.
     *
     * @param limit    at most this many, 1 to {@link #capacity()}
     * @param id       only this id, or {@code null}
     * @param minLevel only this level or a more severe one, or {@code null}
     * @param text     only events whose message or a property value contains it, ignoring case; {@code null} or
     *                 blank for all
     * @throws IllegalArgumentException for a limit out of range
     */
    List<RecordedEvent> recent(int limit, Integer id, ConnectorEvent.Level minLevel, String text) {
        if (limit < 1 || limit > slots.length) {
            throw new IllegalArgumentException("limit must be between 1 and " + slots.length + ", got " + limit);
        }
        String needle = text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
        List<RecordedEvent> out = new ArrayList<>(Math.min(limit, 64));
        for (RecordedEvent e : newestFirst()) {
            if ((id == null || e.id() == id) && (minLevel == null || e.level().compareTo(minLevel) >= 0)
                    && (needle == null || contains(e, needle))) {
                out.add(e);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    private synchronized List<RecordedEvent> newestFirst() {
        int held = (int) Math.min(next - 1, slots.length);
        List<RecordedEvent> copy = new ArrayList<>(held);
        for (long seq = next - 1; seq >= next - held; seq--) {
            copy.add(slots[(int) ((seq - 1) % slots.length)]);
        }
        return copy;
    }

    private static boolean contains(RecordedEvent e, String needle) {
        if (e.message().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        for (String value : e.properties().values()) {
            if (value.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
