package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;

class StatusPluginTest {
    private static final String LABEL = "rms";

    private final Fakes.Cloud cloud = new Fakes.Cloud();
    private final Fakes.Statistics statistics = new Fakes.Statistics();
    private final Fakes.Workloads control = new Fakes.Workloads();
    private StatusPlugin plugin;

    @BeforeEach
    void setUp() {
        plugin = new StatusPlugin(Csrf.withRandomKey(), Fakes.HOSTILE, "0.1.0", Clock.fixed(Fakes.NOW, ZoneOffset.UTC));
        plugin.cloud = cloud;
        plugin.statistics = statistics;
        plugin.control = control;
        control.states.add(new WorkloadState(Workload.EXCHANGE, true, true, "org.rmsconnector.exchange", "0.1.0",
                "ACTIVE", null));
        statistics.traffic.put(Workload.EXCHANGE, new WorkloadTraffic(90, 5, 3, 2, 41.5));
        for (int i = 0; i < 6; i++) {
            statistics.history.add(new TrafficSample(Fakes.NOW.minusSeconds(60 - 10L * i), 10 + i, i % 2, 30 + i));
        }
    }

    private Document page() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL));
        Document doc = Pages.parse(res);
        Pages.assertInert(doc, res.body());
        return doc;
    }

    @Test
    void theOverviewShowsNodeCloudCredentialsPolicyWorkloadsAndTraffic() throws Exception {
        Document doc = page();

        assertEquals(Fakes.HOSTILE, doc.selectFirst("#node-name").text());
        assertEquals("0.1.0", doc.selectFirst("#version").text());
        Element cloudStatus = doc.selectFirst("#cloud-status");
        assertEquals("true", cloudStatus.attr("data-reachable"));
        assertTrue(cloudStatus.text().contains("The cloud answers."), cloudStatus.text());
        assertTrue(cloudStatus.text().contains("TLSv1.3"), cloudStatus.text());
        assertTrue(cloudStatus.text().contains("42 ms"), cloudStatus.text());
        assertNotNull(cloudStatus.selectFirst("form#probe button#probe-submit"));
        Element expiry = doc.selectFirst("#credentials-expiry");
        assertTrue(expiry.hasClass("rms-warning"));
        assertEquals("The credentials expire in 5 d 0 h.", expiry.text());
        assertTrue(doc.selectFirst("#policy").text().contains("12"));
        assertTrue(doc.selectFirst("#policy").text().contains("1 min 35 s"), doc.selectFirst("#policy").text());
        assertEquals("enabled", doc.selectFirst("#workload-summary tr[data-workload=exchange] td:eq(1)").text());
        assertEquals("100", doc.selectFirst("#traffic tr[data-workload=exchange] td:eq(1)").text());
    }

    @Test
    void theChartsAreInlineSvgOfTheHistory() throws Exception {
        Document doc = page();

        Element requests = doc.selectFirst("svg#chart-requests");
        assertNotNull(requests);
        String[] points = requests.selectFirst("polyline").attr("points").split(" ");
        assertEquals(6, points.length);
        assertEquals("314.0,6.0", points[5], "the highest value touches the top");
        assertNotNull(doc.selectFirst("svg#chart-errors polyline"));
        assertTrue(doc.selectFirst("svg#chart-latency").parent().text().contains("now 35 ms, highest 35 ms"));
        assertTrue(doc.select("[href], [src]").stream()
                .noneMatch(e -> e.attr("href").startsWith("http") || e.hasAttr("src")), "nothing external");
    }

    @Test
    void anUnreachableCloudSaysWhy() throws Exception {
        cloud.status = Fakes.cloudStatus(false, "connect timed out to " + Fakes.HOSTILE);

        Element status = page().selectFirst("#cloud-status");

        assertEquals("false", status.attr("data-reachable"));
        assertTrue(status.hasClass("rms-error"));
        assertEquals("connect timed out to " + Fakes.HOSTILE, status.selectFirst(".cloud-problem").text());
    }

    @Test
    void checkNowProbesTheCloud() throws Exception {
        Element form = page().selectFirst("form#probe");
        FakeHttp.Req req = new FakeHttp.Req(LABEL).post();
        form.select("input").forEach(i -> req.param(i.attr("name"), i.val()));
        cloud.probed = Fakes.cloudStatus(false, "HTTP 502 from the proxy");

        FakeHttp.Res res = FakeHttp.call(plugin, req);

        assertEquals(303, res.status);
        assertEquals(1, cloud.probes);
        Element outcome = Pages.parse(FakeHttp.call(plugin, new FakeHttp.Req(LABEL).query(res.header("Location"))))
                .selectFirst("#outcome");
        assertEquals("The cloud does not answer: HTTP 502 from the proxy", outcome.text());
    }

    @Test
    void checkNowWithoutTheTokenDoesNotProbe() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post().param("action", "probe"));

        assertEquals(403, res.status);
        assertEquals(0, cloud.probes);
    }

    @Test
    void expiredCredentialsAreAnError() throws Exception {
        plugin = new StatusPlugin(Csrf.withRandomKey(), "n", "v",
                Clock.fixed(Fakes.NOW.plus(Duration.ofDays(6)), ZoneOffset.UTC));
        plugin.cloud = cloud;

        assertTrue(page().selectFirst("#credentials-expiry").hasClass("rms-error"));
    }

    @Test
    void everyMissingServiceIsNamedAndThePageStillRenders() throws Exception {
        plugin.cloud = null;
        plugin.statistics = null;
        plugin.control = null;

        Document doc = page();

        assertNotNull(doc.selectFirst("[data-missing-service=CloudConnection]"));
        assertNotNull(doc.selectFirst("[data-missing-service=RelayStatistics]"));
        assertNotNull(doc.selectFirst("[data-missing-service=WorkloadControl]"));
        assertEquals("0.1.0", doc.selectFirst("#version").text());
    }

    @Test
    void aServiceFailingMidCallGivesAMessageNotA500() throws Exception {
        plugin.statistics = new Fakes.Statistics() {
            @Override
            public java.util.List<TrafficSample> history() {
                throw new IllegalStateException("the relay is stopping");
            }
        };

        Document doc = page();

        assertTrue(doc.selectFirst(".rms-error").text().contains("the relay is stopping"));
    }
}
