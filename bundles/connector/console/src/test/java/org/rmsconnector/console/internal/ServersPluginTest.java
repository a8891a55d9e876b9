package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.AuthorizedServer.Kind;
import org.rmsconnector.api.workload.Workload;

class ServersPluginTest {
    private static final String LABEL = "rms-servers";

    private final Fakes.Cloud cloud = new Fakes.Cloud();
    private final Fakes.Directory directory = new Fakes.Directory();
    private ServersPlugin plugin;

    @BeforeEach
    void setUp() {
        plugin = new ServersPlugin(Csrf.withRandomKey());
        plugin.cloud = cloud;
        plugin.directory = directory;
        plugin.policy = new Fakes.Policy(new AuthorizedServer(Fakes.HOSTILE, Kind.ACCOUNT, Workload.EXCHANGE),
                new AuthorizedServer("FILESRV$", Kind.COMPUTER, Workload.FCI),
                new AuthorizedServer(Fakes.TEMPLATE, Kind.GROUP, Workload.SHAREPOINT));
    }

    private Document get(FakeHttp.Req req) throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, req);
        Document doc = Pages.parse(res);
        Pages.assertInert(doc, res.body());
        return doc;
    }

    private String token() throws Exception {
        return Pages.token(get(new FakeHttp.Req(LABEL)));
    }

    private FakeHttp.Req add(String token, String account, String kind, String role) {
        FakeHttp.Req req = new FakeHttp.Req(LABEL).post().param("action", "add").param("account", account)
                .param("kind", kind).param("role", role);
        return token == null ? req : req.param("csrf", token);
    }

    @Test
    void hostileAccountNamesAppearOnlyAsText() throws Exception {
        Document doc = get(new FakeHttp.Req(LABEL));

        Element exchange = doc.selectFirst("#authorized-servers tr[data-role=exchange]");
        assertNotNull(exchange);
        assertEquals(Fakes.HOSTILE, exchange.attr("data-account"));
        assertEquals(Fakes.HOSTILE, exchange.selectFirst("td.account").text());
        assertEquals(Fakes.HOSTILE, exchange.selectFirst("input[name=account]").val());
        Element sharepoint = doc.selectFirst("#authorized-servers tr[data-role=sharepoint]");
        assertEquals(Fakes.TEMPLATE, sharepoint.attr("data-account"));
        assertEquals(Fakes.TEMPLATE, sharepoint.selectFirst("td.account").text());
        assertEquals("FILESRV$", doc.selectFirst("tr[data-role=fci]").attr("data-account"));
        assertEquals(3, doc.select("#authorized-servers button.remove-server").size());
    }

    @Test
    void exchangeIsFlaggedAsSuperUserNextToTheRoleAndOnItsRows() throws Exception {
        Document doc = get(new FakeHttp.Req(LABEL));

        Element warning = doc.selectFirst("#add-server #exchange-warning");
        assertNotNull(warning, "the warning must sit in the add form, always visible");
        assertTrue(warning.text().contains("super-user access to all of the tenant's content"), warning.text());
        assertEquals("exchange-warning", doc.selectFirst("#add-server select[name=role]").attr("aria-describedby"));
        assertEquals(1, doc.select("tr[data-role=exchange] .exchange-warning").size());
        assertTrue(doc.select("tr[data-role=sharepoint] .exchange-warning, tr[data-role=fci] .exchange-warning")
                .isEmpty());
    }

    @Test
    void theAddFormHasTheFieldsTheBrowserTestsUse() throws Exception {
        Document doc = get(new FakeHttp.Req(LABEL));

        Element form = doc.selectFirst("form#add-server");
        assertEquals("post", form.attr("method"));
        assertNotNull(form.selectFirst("input[name=account]"));
        assertEquals(List.of("ACCOUNT", "COMPUTER", "GROUP"), form.select("select[name=kind] option").eachAttr("value"));
        assertEquals(List.of("exchange", "sharepoint", "fci"), form.select("select[name=role] option").eachAttr("value"));
        assertNotNull(form.selectFirst("#add-server-submit"));
        assertEquals(Pages.token(doc), form.selectFirst("input[name=csrf]").val());
    }

    @Test
    void addingWithTheTokenCallsTheCloudAndShowsTheOutcome() throws Exception {
        String token = token();

        FakeHttp.Res res = FakeHttp.call(plugin, add(token, "EXCH01$", "COMPUTER", "exchange"));

        assertEquals(303, res.status, res.body());
        assertEquals(List.of(new AuthorizedServer("EXCH01$", Kind.COMPUTER, Workload.EXCHANGE)), cloud.authorized);
        String location = res.header("Location");
        assertTrue(location.startsWith("/system/console/rms-servers?"), location);
        Element outcome = get(new FakeHttp.Req(LABEL).query(location)).selectFirst("#outcome");
        assertTrue(outcome.hasClass("rms-ok"));
        assertTrue(outcome.text().startsWith("Added EXCH01$ (COMPUTER) in the role exchange."), outcome.text());
        assertTrue(outcome.text().contains("reaches every node within seconds"), outcome.text());
        assertTrue(outcome.text().contains("super-user access"), outcome.text());
    }

    @Test
    void aPostWithoutTheTokenIsRefusedAndChangesNothing() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, add(null, "EXCH01$", "COMPUTER", "exchange"));

        assertEquals(403, res.status);
        assertTrue(res.body().contains("no security token"), res.body());
        assertTrue(cloud.authorized.isEmpty());
    }

    @Test
    void aPostWithAWrongTokenIsRefused() throws Exception {
        String foreign = Pages.token(Pages.parse(FakeHttp.call(new ServersPlugin(Csrf.withRandomKey()),
                new FakeHttp.Req(LABEL))));

        FakeHttp.Res res = FakeHttp.call(plugin, add(foreign, "EXCH01$", "COMPUTER", "exchange"));

        assertEquals(403, res.status);
        assertTrue(cloud.authorized.isEmpty());
    }

    @Test
    void anotherUsersTokenIsRefused() throws Exception {
        String token = token();
        FakeHttp.Req req = add(token, "EXCH01$", "COMPUTER", "exchange");
        req.remoteUser = "operator";

        assertEquals(403, FakeHttp.call(plugin, req).status);
        assertTrue(cloud.authorized.isEmpty());
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheToken() throws Exception {
        String token = token();

        FakeHttp.Res byOrigin = FakeHttp.call(plugin,
                add(token, "EXCH01$", "COMPUTER", "exchange").header("Origin", "https://evil.example.net"));
        FakeHttp.Res byReferer = FakeHttp.call(plugin, add(token, "EXCH01$", "COMPUTER", "exchange")
                .header("Referer", "https://evil.example.net/page.html"));

        assertEquals(403, byOrigin.status);
        assertTrue(byOrigin.body().contains("another site"), byOrigin.body());
        assertEquals(403, byReferer.status);
        assertTrue(cloud.authorized.isEmpty());
    }

    @Test
    void aPostFromThisConsoleWithTheTokenGoesAhead() throws Exception {
        String token = token();

        FakeHttp.Res res = FakeHttp.call(plugin, add(token, "grp-exchange", "GROUP", "exchange")
                .header("Origin", "https://" + FakeHttp.HOST)
                .header("Referer", "https://" + FakeHttp.HOST + "/system/console/rms-servers"));

        assertEquals(303, res.status, res.body());
        assertEquals(1, cloud.authorized.size());
    }

    @Test
    void aRefusalOfTheCloudIsShownWithItsMessage() throws Exception {
        cloud.failure = new AdminException(AdminException.Reason.CONFLICT, "EXCH01$ is already an <exchange> entry");

        FakeHttp.Res res = FakeHttp.call(plugin, add(token(), "EXCH01$", "COMPUTER", "exchange"));

        Element outcome = get(new FakeHttp.Req(LABEL).query(res.header("Location"))).selectFirst("#outcome");
        assertTrue(outcome.hasClass("rms-error"));
        assertEquals("Not added: EXCH01$ is already an <exchange> entry", outcome.text());
    }

    @Test
    void badInputIsExplainedAndNothingIsCalled() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, add(token(), "EXCH01$", "MACHINE", "exchange"));

        Element outcome = get(new FakeHttp.Req(LABEL).query(res.header("Location"))).selectFirst("#outcome");
        assertTrue(outcome.text().contains("kind must be one of ACCOUNT, COMPUTER, GROUP, not 'MACHINE'"),
                outcome.text());
        assertTrue(cloud.authorized.isEmpty());
    }

    @Test
    void removingCallsRevoke() throws Exception {
        Document page = get(new FakeHttp.Req(LABEL));
        Element row = page.selectFirst("tr[data-role=fci]");
        FakeHttp.Req req = new FakeHttp.Req(LABEL).post();
        row.select("form input").forEach(i -> req.param(i.attr("name"), i.val()));

        FakeHttp.Res res = FakeHttp.call(plugin, req);

        assertEquals(303, res.status, res.body());
        assertEquals(List.of("FILESRV$|fci"), cloud.revoked);
    }

    @Test
    void aMessageNotSignedForThisUserIsNotShown() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, add(token(), "EXCH01$", "COMPUTER", "exchange"));
        FakeHttp.Req forged = new FakeHttp.Req(LABEL).param("outcome", "ok")
                .param("message", "Call 555-0100 to renew your licence").param("sig", "AAAA");
        FakeHttp.Req otherUser = new FakeHttp.Req(LABEL).query(res.header("Location"));
        otherUser.remoteUser = "operator";

        assertNull(get(forged).selectFirst("#outcome"));
        assertNull(get(otherUser).selectFirst("#outcome"));
    }

    @Test
    void theDirectorySearchFillsTheAddForm() throws Exception {
        directory.entries.add(new DirectoryEntry("EXCH01$", Kind.COMPUTER, Fakes.HOSTILE, "CN=EXCH01,OU=Servers"));

        Document results = get(new FakeHttp.Req(LABEL).param("q", "exch"));
        Element use = results.selectFirst("#directory-results a.use-entry");
        Document filled = get(new FakeHttp.Req(LABEL).query(use.attr("href")));

        assertEquals(List.of("exch", "exch"), directory.queries, "the use link keeps the search, so the results stay");
        assertEquals(Fakes.HOSTILE, results.selectFirst("#directory-results td:eq(2)").text());
        assertEquals("EXCH01$", filled.selectFirst("#add-server input[name=account]").val());
        assertEquals("COMPUTER", filled.selectFirst("#add-server select[name=kind] option[selected]").val());
    }

    @Test
    void missingServicesAreNamedNotFailed() throws Exception {
        plugin.policy = null;
        plugin.cloud = null;
        plugin.directory = null;

        Document page = get(new FakeHttp.Req(LABEL).param("q", "x"));
        FakeHttp.Res post = FakeHttp.call(plugin, add(Pages.token(page), "EXCH01$", "COMPUTER", "exchange"));
        Element outcome = get(new FakeHttp.Req(LABEL).query(post.header("Location"))).selectFirst("#outcome");

        assertNotNull(page.selectFirst("[data-missing-service=PolicySource]"));
        assertNotNull(page.selectFirst("[data-missing-service=DirectorySearch]"));
        assertTrue(outcome.text().contains("CloudConnection"), outcome.text());
    }
}
