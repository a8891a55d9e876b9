package org.rmsconnector.tls.refusals.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.events.CatalogEvents;
import org.rmsconnector.testing.Await;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.MutableClock;

/**
 * Every refusal counts; events are limited per certificate and reason and interval, with a summary of the rest.
 */
class RefusalJournalTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<Event> events = new ArrayList<>();
    private final RefusalJournal journal = journal(60, 1000);

    @Test
    void theFirstRefusalOfACertificateIsAnEventAtOnceWithWhoWhyAndFromWhere() {
        journal.refused(refusal("CN=rogue", "CN=Rogue CA", RefusalReason.UNTRUSTED, "198.51.100.7:50001"));
        assertEquals(1, events.size());
        Event e = events.get(0);
        assertEquals("org/rmsconnector/event/4020", e.getTopic());
        assertEquals(4020, e.getProperty(ConnectorEvent.PROPERTY_ID));
        assertEquals("WARNING", e.getProperty(ConnectorEvent.PROPERTY_LEVEL));
        assertEquals("CN=rogue", e.getProperty("subject"));
        assertEquals("CN=Rogue CA", e.getProperty("issuer"));
        assertEquals("untrusted", e.getProperty("reason"));
        assertEquals("198.51.100.7:50001", e.getProperty("peer"));
        assertEquals("127.0.0.1:8443", e.getProperty("listener"));
        assertEquals("1f", e.getProperty("serial"));
        assertEquals("node-1", e.getProperty("node"));
        assertEquals("refused the client certificate of 198.51.100.7:50001 on 127.0.0.1:8443: no CA in the"
                + " listener's trust store issued it", e.getProperty(ConnectorEvent.PROPERTY_MESSAGE));
    }

    @Test
    void repeatsWithinTheIntervalAreCountedAndSummarizedOnceWhenItEnds() {
        for (int i = 0; i < 50; i++) {
            journal.refused(refusal("CN=exch01", "CN=CA", RefusalReason.EXPIRED, "10.0.0." + (i % 7) + ":4000"));
            clock.advance(Duration.ofMillis(500));
        }
        assertEquals(1, events.size(), "one event for the first, the 49 others counted");
        assertEquals(50L, journal.refusedByReason().get("expired"), "the metric counts every one");

        clock.advance(Duration.ofSeconds(34)); // 59 s after the first
        journal.sweep();
        assertEquals(1, events.size(), "the interval has not ended");
        clock.advance(Duration.ofSeconds(1));
        journal.sweep();
        assertEquals(2, events.size());
        Event summary = events.get(1);
        assertEquals(4020, summary.getProperty(ConnectorEvent.PROPERTY_ID));
        assertEquals(49L, summary.getProperty("suppressed"));
        assertEquals("expired", summary.getProperty("reason"));
        assertEquals("CN=exch01", summary.getProperty("subject"));
        assertEquals(T0.toString(), summary.getProperty("since"));
        assertEquals("10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5 and 2 other addresses",
                summary.getProperty("peers"), "five addresses named (without the ports), the others counted");
        assertTrue(((String) summary.getProperty(ConnectorEvent.PROPERTY_MESSAGE)).startsWith(
                "refused 49 more TLS handshakes with the same client certificate for the same reason (expired)"));

        journal.sweep();
        assertEquals(2, events.size(), "summarized once");
        journal.refused(refusal("CN=exch01", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:4001"));
        assertEquals(3, events.size(), "a new interval starts with an event");
        assertEquals("10.0.0.1:4001", events.get(2).getProperty("peer"));
    }

    @Test
    void anIntervalWithoutRepeatsEndsWithoutASummary() {
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.UNTRUSTED, "10.0.0.1:1"));
        clock.advance(Duration.ofMinutes(2));
        journal.sweep();
        assertEquals(1, events.size());
    }

    @Test
    void eachCertificateAndReasonHasItsOwnInterval() {
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:1"));
        journal.refused(refusal("CN=b", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:2"));
        journal.refused(refusal("CN=a", "CN=Other CA", RefusalReason.EXPIRED, "10.0.0.1:3"));
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.WRONG_USAGE, "10.0.0.1:4"));
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:5"));
        assertEquals(4, events.size());
        Map<String, Long> counts = journal.refusedByReason();
        assertEquals(4L, counts.get("expired"));
        assertEquals(1L, counts.get("wrong_usage"));
        assertEquals(0L, counts.get("untrusted"), "every reason is listed, from zero");
        assertEquals(List.of("untrusted", "expired", "not_yet_valid", "wrong_usage", "revoked", "revocation_unknown",
                "invalid"), List.copyOf(counts.keySet()));
    }

    @Test
    void beyondTheTrackedCertificatesRefusalsAreCountedPerReasonAndSummarizedTogether() {
        RefusalJournal small = journal(60, 2);
        for (int i = 0; i < 10; i++) {
            small.refused(refusal("CN=random-" + i, "CN=random-" + i, RefusalReason.UNTRUSTED, "192.0.2.1:" + i));
        }
        assertEquals(2, events.size(), "two certificates tracked");
        assertEquals(10L, small.refusedByReason().get("untrusted"));
        clock.advance(Duration.ofSeconds(60));
        small.sweep();
        assertEquals(3, events.size());
        Event others = events.get(2);
        assertEquals("*", others.getProperty("subject"));
        assertEquals(8L, others.getProperty("suppressed"));
        assertTrue(((String) others.getProperty(ConnectorEvent.PROPERTY_MESSAGE)).contains("other client certificates"));
    }

    @Test
    void anIntervalOfZeroReportsEveryRefusal() {
        RefusalJournal every = journal(0, 1000);
        for (int i = 0; i < 5; i++) {
            every.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:" + i));
        }
        assertEquals(5, events.size());
    }

    @Test
    void stoppingPublishesWhatWasCountedButNotYetSummarized() {
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:1"));
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:2"));
        journal.deactivate();
        assertEquals(2, events.size());
        assertEquals(1L, events.get(1).getProperty("suppressed"));
    }

    @Test
    void aNewIntervalSettingClosesTheOpenIntervalsWithTheirSummaries() {
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:1"));
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:2"));
        journal.modified(config(0, 1000));
        assertEquals(2, events.size());
        journal.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:3"));
        assertEquals(3, events.size(), "now every refusal");
    }

    @Test
    void withoutEventAdminTheLineGoesToTheEventsLoggerQuoted() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConnectorEvent.PROPERTY_ID, 4020);
        props.put(ConnectorEvent.PROPERTY_LEVEL, "WARNING");
        props.put(ConnectorEvent.PROPERTY_MESSAGE, "refused");
        props.put("subject", "CN=x\" forged=\"1\nevent=1000");
        String line = CatalogEvents.line(props);
        assertEquals("event=4020 level=WARNING msg=\"refused\" subject=\"CN=x\\\" forged=\\\"1\\nevent=1000\"", line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void theSweeperStartedByTheFirstRefusalPublishesTheSummaryByItself() throws Exception {
        RefusalJournal live = journal(6, 1000); // swept every second
        try {
            live.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:1"));
            live.refused(refusal("CN=a", "CN=CA", RefusalReason.EXPIRED, "10.0.0.1:2"));
            clock.advance(Duration.ofSeconds(6));
            Await.until(Duration.ofSeconds(10), () -> eventCount() >= 2, "the sweeper publishes the summary");
            assertEquals(2, eventCount(), "the summary came without anybody calling sweep()");
        } finally {
            live.deactivate();
        }
    }

    @Test
    void refusalsFromManyHandshakeThreadsAreAllCounted() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8000; i++) {
            int n = i;
            pool.execute(() -> journal.refused(refusal("CN=" + (n % 50), "CN=CA", RefusalReason.UNTRUSTED,
                    "10.0.0.1:" + n)));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(8000L, journal.refusedByReason().get("untrusted"));
        assertEquals(50, eventCount(), "one event per certificate");
        journal.deactivate();
    }

    private int eventCount() {
        synchronized (events) {
            return events.size();
        }
    }

    @Test
    void summariesNameAddressesWithoutTheirPorts() {
        assertEquals("192.0.2.7", RefusalThrottle.address("192.0.2.7:50123"));
        assertEquals("[2001:db8::7]", RefusalThrottle.address("[2001:db8::7]:443"));
        assertEquals("unknown", RefusalThrottle.address("unknown"));
    }

    private RefusalJournal journal(int intervalSeconds, int maxTracked) {
        RefusalJournal j = new RefusalJournal(clock, "node-1", config(intervalSeconds, maxTracked));
        j.eventAdmin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                synchronized (events) {
                    events.add(event);
                }
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
        return j;
    }

    private static Refusal refusal(String subject, String issuer, RefusalReason reason, String peer) {
        return new Refusal(subject, issuer, "1f", reason, peer, "127.0.0.1:8443", "the JDK's words");
    }

    private static RefusalJournalConfiguration config(int intervalSeconds, int maxTracked) {
        return Configs.of(RefusalJournalConfiguration.class, Map.of("event.interval.seconds", intervalSeconds,
                "tracked.certificates.max", maxTracked));
    }
}
