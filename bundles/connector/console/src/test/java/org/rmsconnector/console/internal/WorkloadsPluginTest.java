package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;

class WorkloadsPluginTest {
    private static final String LABEL = "rms-workloads";

    private final Fakes.Workloads control = new Fakes.Workloads();
    private WorkloadsPlugin plugin;

    @BeforeEach
    void setUp() {
        plugin = new WorkloadsPlugin(Csrf.withRandomKey());
        plugin.control = control;
        control.states.add(new WorkloadState(Workload.EXCHANGE, true, true, "org.rmsconnector.exchange", "0.1.0",
                "ACTIVE", new WorkloadTraffic(10, 2, 1, 0, 12.5)));
        control.states.add(new WorkloadState(Workload.SHAREPOINT, false, false, Fakes.HOSTILE, Fakes.TEMPLATE,
                "RESOLVED", null));
        control.states.add(new WorkloadState(Workload.FCI, true, false, null, null, null, null));
    }

    private Document page() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL));
        Document doc = Pages.parse(res);
        Pages.assertInert(doc, res.body());
        return doc;
    }

    @Test
    void eachWorkloadHasItsRowSwitchAndCounts() throws Exception {
        Document doc = page();

        Element exchange = doc.selectFirst("#workload-exchange");
        assertEquals("enabled", exchange.selectFirst("td.workload-enabled").text());
        assertNotNull(exchange.selectFirst("button#disable-exchange"));
        assertNull(doc.selectFirst("#enable-exchange"));
        assertEquals("org.rmsconnector.exchange", exchange.selectFirst("td.workload-bundle").text());
        assertTrue(exchange.text().contains("12.5 ms"), exchange.text());

        Element sharepoint = doc.selectFirst("#workload-sharepoint");
        assertEquals("disabled", sharepoint.selectFirst("td.workload-enabled").text());
        assertNotNull(sharepoint.selectFirst("button#enable-sharepoint"));
        assertEquals(Fakes.HOSTILE, sharepoint.selectFirst("td.workload-bundle").text());
        assertEquals(Fakes.TEMPLATE, sharepoint.selectFirst("td.workload-version").text());

        assertEquals("not installed", doc.selectFirst("#workload-fci td.workload-bundle").text());
        assertEquals("not available", doc.selectFirst("#workload-fci td.workload-available").text());
    }

    @Test
    void disablingWithTheTokenCallsTheService() throws Exception {
        Element form = page().selectFirst("#disable-exchange").parent();
        FakeHttp.Req req = new FakeHttp.Req(LABEL).post();
        form.select("input").forEach(i -> req.param(i.attr("name"), i.val()));

        FakeHttp.Res res = FakeHttp.call(plugin, req);

        assertEquals(303, res.status, res.body());
        assertEquals(List.of("disable exchange"), control.calls);
    }

    @Test
    void switchingWithoutTheTokenIsRefused() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin,
                new FakeHttp.Req(LABEL).post().param("action", "disable").param("workload", "exchange"));

        assertEquals(403, res.status);
        assertTrue(control.calls.isEmpty());
    }

    @Test
    void anAdapterJarIsInstalledFromTheMultipartUpload() throws Exception {
        String token = Pages.token(page());
        byte[] jar = "PK\u0003\u0004 not really a jar".getBytes(StandardCharsets.ISO_8859_1);

        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post().multipartField("action", "install")
                .multipartField("csrf", token)
                .multipartFile("jar", "C:\\Users\\admin\\rms-exchange-0.2.0.jar", jar));

        assertEquals(303, res.status, res.body());
        assertEquals("rms-exchange-0.2.0.jar", control.installedName);
        assertArrayEquals(jar, control.installedBytes);
        Element outcome = Pages.parse(FakeHttp.call(plugin, new FakeHttp.Req(LABEL).query(res.header("Location"))))
                .selectFirst("#outcome");
        assertEquals("Installed rms-exchange-0.2.0.jar as deploy/rms-exchange-0.2.0.jar; FileInstall starts it "
                + "within seconds.", outcome.text());
    }

    @Test
    void anUploadWithoutTheTokenIsRefused() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post().multipartField("action", "install")
                .multipartFile("jar", "x.jar", new byte[] {1, 2, 3}));

        assertEquals(403, res.status);
        assertNull(control.installedName);
    }

    @Test
    void aFileThatIsNotAJarIsNotInstalled() throws Exception {
        String token = Pages.token(page());

        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post().multipartField("action", "install")
                .multipartField("csrf", token).multipartFile("jar", "evil.sh", new byte[] {1}));

        assertEquals(303, res.status);
        assertNull(control.installedName);
        assertTrue(res.header("Location").contains("outcome=error"), res.header("Location"));
    }

    @Test
    void theUploadFormIsMultipart() throws Exception {
        Element form = page().selectFirst("form#install-adapter");

        assertEquals("multipart/form-data", form.attr("enctype"));
        assertEquals("file", form.selectFirst("input[name=jar]").attr("type"));
    }

    @Test
    void aMissingServiceIsNamed() throws Exception {
        plugin.control = null;

        assertNotNull(page().selectFirst("[data-missing-service=WorkloadControl]"));
    }
}
