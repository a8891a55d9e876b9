package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.event.ConnectorEvent.Level;

class EventsPluginTest {
    private static final String LABEL = "rms-events";

    private final Fakes.Events log = new Fakes.Events();
    private EventsPlugin plugin;

    @BeforeEach
    void setUp() {
        plugin = new EventsPlugin(Csrf.withRandomKey());
        plugin.log = log;
        log.events.add(new RecordedEvent(7, Fakes.NOW, 2001, Level.WARNING, "unauthorized access attempt " + Fakes.HOSTILE,
                Map.of("account", Fakes.HOSTILE, "path", Fakes.TEMPLATE)));
        log.events.add(new RecordedEvent(6, Fakes.NOW.minusSeconds(61), 1000, Level.INFO, "connector started", Map.of()));
    }

    private Document page(FakeHttp.Req req) throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, req);
        Document doc = Pages.parse(res);
        Pages.assertInert(doc, res.body());
        return doc;
    }

    @Test
    void theFiltersReachTheEventLog() throws Exception {
        Document doc = page(new FakeHttp.Req(LABEL).param("id", "2001").param("level", "warning")
                .param("text", "attempt").param("limit", "50"));

        assertEquals(List.of("50|2001|WARNING|attempt"), log.queries);
        assertEquals("2001", doc.selectFirst("#event-filter input[name=id]").val());
        assertEquals("WARNING", doc.selectFirst("#event-filter select[name=level] option[selected]").val());
    }

    @Test
    void noFilterMeansAllWithTheDefaultLimit() throws Exception {
        page(new FakeHttp.Req(LABEL));

        assertEquals(List.of(EventsPlugin.DEFAULT_LIMIT + "|null|null|null"), log.queries);
    }

    @Test
    void eventsAreListedAndTheirDataAppearsOnlyAsText() throws Exception {
        Document doc = page(new FakeHttp.Req(LABEL));

        List<Element> rows = doc.select("table#events tbody tr");
        assertEquals(2, rows.size());
        Element first = rows.get(0);
        assertEquals("2025-06-01 12:00:00Z", first.selectFirst("td.event-time").text());
        assertEquals("2001", first.selectFirst("td.event-id").text());
        assertEquals("WARNING", first.selectFirst("td.event-level").text());
        assertEquals("unauthorized access attempt " + Fakes.HOSTILE, first.selectFirst("td.event-message").text());
        assertEquals(List.of("account", "path"), first.select("dt").eachText());
        assertEquals(List.of(Fakes.HOSTILE, Fakes.TEMPLATE), first.select("dd").eachText());
    }

    @Test
    void aBadIdIsExplainedNotGuessed() throws Exception {
        Document doc = page(new FakeHttp.Req(LABEL).param("id", "<b>x</b>"));

        assertEquals("The event id must be a number such as 2001, not '<b>x</b>'.",
                doc.selectFirst("#filter-error").text());
        assertTrue(log.queries.isEmpty());
        assertNull(doc.selectFirst("#events"));
    }

    @Test
    void aLimitOutOfRangeIsExplained() throws Exception {
        Document doc = page(new FakeHttp.Req(LABEL).param("limit", "5000"));

        assertTrue(doc.selectFirst("#filter-error").text().contains("from 1 to 1000"));
        assertTrue(log.queries.isEmpty());
    }

    @Test
    void thePageTakesNoPost() throws Exception {
        Csrf csrf = Csrf.withRandomKey();
        plugin = new EventsPlugin(csrf);
        plugin.log = log;
        String token = csrf.token(new FakeHttp.Req(LABEL).build());

        FakeHttp.Res withToken = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post().param("csrf", token));
        FakeHttp.Res without = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post());

        assertEquals(405, withToken.status, withToken.body());
        assertEquals(403, without.status);
        assertTrue(log.queries.isEmpty());
    }

    @Test
    void aMissingServiceIsNamed() throws Exception {
        plugin.log = null;

        assertNotNull(page(new FakeHttp.Req(LABEL)).selectFirst("[data-missing-service=EventLog]"));
    }
}
