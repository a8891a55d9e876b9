package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.event.ConnectorEvent.Level;
import org.rmsconnector.commons.JsonText;
import org.rmsconnector.testing.MutableClock;

class EventJournalTest {
    private static final Instant NOW = Instant.parse("2026-01-10T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final EventJournal journal = new EventJournal("1.2.3", "node-a", clock);

    @Test
    void aHostileValueCannotForgeALineOrAField() {
        String quoted = JsonText.quote("evil\" event=1004 level=INFO\nevent=1000");
        assertFalse(quoted.contains("\n"));
        assertEquals("\"evil\\\" event=1004 level=INFO\\nevent=1000\"", quoted);
    }

    @Test
    void theStartIsTheFirstEvent() {
        RecordedEvent started = journal.recent(10, null, null, null).get(0);
        assertEquals(new RecordedEvent(1, NOW, 1000, Level.INFO, "connector started",
                Map.of("node", "node-a", "version", "1.2.3")), started);
    }

    @Test
    void anEventKeepsItsTimeIdLevelMessageAndOtherPropertiesAsText() {
        clock.advance(Duration.ofSeconds(5));
        journal.handleEvent(event(ConnectorEvent.UNAUTHORIZED, "unauthorized access attempt",
                Map.of("account", "EXCH09$", "host", "10.0.0.9", "port", 443, "roles", new String[] {"a", "b"})));
        RecordedEvent e = journal.recent(1, null, null, null).get(0);
        assertEquals(2, e.sequence());
        assertEquals(NOW.plusSeconds(5), e.time());
        assertEquals(2001, e.id());
        assertEquals(Level.WARNING, e.level());
        assertEquals("unauthorized access attempt", e.message());
        assertEquals(Map.of("account", "EXCH09$", "host", "10.0.0.9", "port", "443", "roles", "[a, b]"),
                e.properties(), "no rms.event.* and no topic among the properties");
    }

    @Test
    void thePostersTimestampWins() {
        Map<String, Object> props = props(ConnectorEvent.POLICY_UPDATED, "list updated", Map.of());
        props.put(EventConstants.TIMESTAMP, NOW.minusSeconds(3).toEpochMilli());
        journal.handleEvent(new Event(ConnectorEvent.POLICY_UPDATED.topic(), props));
        RecordedEvent e = journal.recent(1, null, null, null).get(0);
        assertEquals(NOW.minusSeconds(3), e.time());
        assertFalse(e.properties().containsKey(EventConstants.TIMESTAMP));
    }

    @Test
    void anEventWithOnlyATopicTakesItsIdFromTheTopicAndItsLevelFromTheCatalog() {
        journal.handleEvent(new Event(ConnectorEvent.CLOUD_UNAVAILABLE.topic(), Map.of("host", "cloud")));
        RecordedEvent e = journal.recent(1, null, null, null).get(0);
        assertEquals(4010, e.id());
        assertEquals(Level.ERROR, e.level());
        assertEquals(ConnectorEvent.CLOUD_UNAVAILABLE.description(), e.message());
    }

    @Test
    void newestFirstFilteredByIdLevelAndText() {
        journal.handleEvent(event(ConnectorEvent.FIRST_CONNECTION, "first connection", Map.of("account", "SP01$")));
        journal.handleEvent(event(ConnectorEvent.UNAUTHORIZED, "unauthorized access attempt",
                Map.of("account", "mallory@contoso.com")));
        journal.handleEvent(event(ConnectorEvent.UNHANDLED_EXCEPTION, "java.lang.IllegalStateException: boom",
                Map.of("requestId", "r-1")));
        journal.handleEvent(event(ConnectorEvent.UNAUTHORIZED, "unauthorized access attempt",
                Map.of("account", "EXCH09$")));

        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), sequences(journal.recent(10, null, null, null)));
        assertEquals(List.of(5L, 4L), sequences(journal.recent(2, null, null, null)), "the limit keeps the newest");
        assertEquals(List.of(5L, 3L), sequences(journal.recent(10, 2001, null, null)));
        assertEquals(List.of(5L, 4L, 3L), sequences(journal.recent(10, null, Level.WARNING, null)),
                "WARNING and worse");
        assertEquals(List.of(4L), sequences(journal.recent(10, null, Level.ERROR, null)));
        assertEquals(List.of(3L), sequences(journal.recent(10, null, null, "MALLORY")), "in a property, any case");
        assertEquals(List.of(4L), sequences(journal.recent(10, null, null, "boom")), "in the message");
        assertEquals(List.of(), journal.recent(10, 2001, null, "sp01$"), "all filters apply together");
    }

    @Test
    void theLimitIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> journal.recent(0, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> journal.recent(1001, null, null, null));
        assertEquals(1, journal.recent(1000, null, null, null).size());
    }

    @Test
    void onlyTheLastThousandAreKept() {
        for (int i = 0; i < 2500; i++) {
            journal.handleEvent(event(ConnectorEvent.FIRST_CONNECTION, "first connection",
                    Map.of("account", "host-" + i)));
        }
        List<RecordedEvent> all = journal.recent(1000, null, null, null);
        assertEquals(1000, all.size());
        assertEquals(2501, all.get(0).sequence(), "the start, then 2500 events");
        assertEquals(1502, all.get(999).sequence());
        assertEquals("host-2499", all.get(0).properties().get("account"));
        assertEquals(List.of(), journal.recent(10, 1000, null, null), "the start event has been overwritten");
    }

    @Test
    void eventsFromManyThreadsGetDistinctSequenceNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 999; i++) {
            pool.execute(() -> journal.handleEvent(event(ConnectorEvent.FIRST_CONNECTION, "first", Map.of())));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        List<RecordedEvent> all = journal.recent(1000, null, null, null);
        assertEquals(1000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(1000 - i, all.get(i).sequence(), "newest first, no gap, no repeat");
        }
    }

    @Test
    void theStopIsRecorded() {
        journal.deactivate();
        assertEquals(1001, journal.recent(1, null, null, null).get(0).id());
    }

    private static Event event(ConnectorEvent type, String message, Map<String, Object> extra) {
        return new Event(type.topic(), props(type, message, extra));
    }

    private static Map<String, Object> props(ConnectorEvent type, String message, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ConnectorEvent.PROPERTY_ID, type.id());
        props.put(ConnectorEvent.PROPERTY_LEVEL, type.level().name());
        props.put(ConnectorEvent.PROPERTY_MESSAGE, message);
        return props;
    }

    private static List<Long> sequences(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::sequence).toList();
    }
}
