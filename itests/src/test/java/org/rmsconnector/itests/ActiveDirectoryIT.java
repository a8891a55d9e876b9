package org.rmsconnector.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rmsconnector.testing.Await;
import org.rmsconnector.testing.SambaDc;

/**
 * The standalone node against a real Active Directory domain controller (Samba, {@link SambaDc}, on 127.0.0.1): the
 * connector accepts Kerberos (SPNEGO) with the keytab of its service account for {@code HTTP/rms.rmstest.lan} — the
 * load-balanced name, which is not the host the clients connect to — besides client certificates, and reads group
 * membership from AD (nested groups with the in-chain rule). The connector's group lookups and directory search and
 * the cloud's directory import read AD over LDAPS, trusting the DC's certificate through their trust stores. The
 * servers are {@code bin/rmsctl} processes that log in from the keytabs AD exported for their computer accounts, as
 * domain-joined Linux servers do:
 * <ul>
 * <li>EXCH01$, SP01$ and FS01$ (on the demo's authorized-servers list) each do their workload's part: FCI and
 * SharePoint protect, Exchange (the super user) opens what they protected;</li>
 * <li>svc-fci2, on no list by name but a member of rms-nested ⊂ rms-servers, is served through the group entry
 * rms-servers — the cloud's re-check knows the membership from its directory imported from the same AD;</li>
 * <li>WEB01$, authenticated but on no list, is refused with 403 and event 2001;</li>
 * <li>an anonymous request gets 401 with {@code WWW-Authenticate: Negotiate}, an NTLM token 401 with the reason;</li>
 * <li>the console's directory search, in a real headless Chromium, finds EXCH01$, SP01$, FS01$ and rms-nested;</li>
 * <li>svc-fci2, removed from rms-nested in AD, is refused (403, event 2001) once the connector's cached membership
 * has expired: the group cache's time to live is {@value #GROUP_CACHE_TTL_SECONDS} s here ({@code cache.ttl.seconds},
 * 300 by default) so that the test does not wait five minutes.</li>
 * </ul>
 */
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING)
public class ActiveDirectoryIT {
    private static final String REALM = "RMSTEST.LAN";
    private static final String SERVICE = "HTTP/rms.rmstest.lan@" + REALM;
    private static final Duration CLI = Duration.ofSeconds(90);
    private static final Duration PAGE = Duration.ofSeconds(30);
    /** How long the connector reuses an account's groups ({@code cache.ttl.seconds}): short, for the removal test. */
    private static final int GROUP_CACHE_TTL_SECONDS = 5;
    /** What a directory read may add to the time to live (the answer is stamped when it arrives), and margin. */
    private static final Duration DIRECTORY_READ = Duration.ofSeconds(2);

    private static SambaDc dc;
    private static InstalledNode node;
    private static Path work;
    private static String template;
    private static final Map<String, Path> KEYTABS = new java.util.HashMap<>();

    @BeforeClass
    public static void startDomainAndNode() throws Exception {
        dc = SambaDc.start(NodeHome.work(), REALM, "RMSTEST");
        Path serviceKeytab = dc.createServiceAccount("svc-rms", "HTTP/rms.rmstest.lan");
        for (String computer : List.of("EXCH01", "SP01", "FS01", "WEB01")) {
            KEYTABS.put(computer + "$", dc.createComputer(computer));
        }
        dc.createUser("svc-fci2", "Svc-Fci2-Pass.42!x");
        KEYTABS.put("svc-fci2", dc.exportKeytab("svc-fci2", dc.dir().resolve("keytabs/svc-fci2.keytab")));
        dc.createGroup("rms-servers");
        dc.createGroup("rms-nested");
        dc.addMembers("rms-servers", "rms-nested");
        dc.addMembers("rms-nested", "svc-fci2");

        node = InstalledNode.install();
        Path etc = node.home.resolve("etc");
        Files.writeString(node.home.resolve("data/ad-admin-password"), SambaDc.ADMIN_PASSWORD + "\n");
        // both read AD over LDAPS, trusting the DC's certificate through a trust store (the JVM's CAs do not)
        Path adTrust = dc.tlsTrustStore("trust-pin");
        Files.writeString(node.home.resolve("data/ad-trust-password"), "trust-pin\n");
        String trust = "tls.truststore.path=" + adTrust + "\n.tls.truststore.password=secret:ad-trust-password\n";
        Files.writeString(etc.resolve("org.rmsconnector.kerberos.cfg"), "principal=" + SERVICE + "\n"
                + "keytab.path=" + serviceKeytab + "\nkrb5.conf=" + dc.krb5Conf() + "\n");
        Files.writeString(etc.resolve("org.rmsconnector.authorization.ldap.cfg"), "url=" + dc.ldapsUrl()
                + "\n" + trust + "bind.dn=" + dc.adminDn() + "\n.bind.password=secret:ad-admin-password\nbase.dn="
                + dc.baseDn() + "\nnested=IN_CHAIN\ncache.ttl.seconds=" + GROUP_CACHE_TTL_SECONDS + "\n");
        node.start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        template = DemoServers.awaitReadyAndFindTemplate(node, work);

        // the group entry, then the cloud's directory from the same AD (it replaces the demo's: the admin acts first)
        String adminPassword = Files.readString(node.home.resolve("data/cloud/demo/admin@contoso.com.password"))
                .strip();
        HttpResponse<String> added = node.client().send(HttpRequest.newBuilder(
                node.cloud("/_wmcs/admin/authorized-servers")).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin@contoso.com:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"account\":\"rms-servers\",\"kind\":\"group\",\"role\":\"fci\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(added.body(), 201, added.statusCode());
        Files.writeString(etc.resolve("org.rmsconnector.cloud.ldap.cfg"), "host=127.0.0.1\nport=636"
                + "\nsecurity=LDAPS\n" + trust + "base.dn=" + dc.baseDn() + "\nbind.dn=" + dc.adminDn()
                + "\n.bind.password=secret:ad-admin-password\ninterval.minutes=1\n");
        Await.until(Duration.ofSeconds(60), () -> log().contains("imported the directory from 127.0.0.1:636"),
                "the cloud imported its directory from AD", ActiveDirectoryIT::log);
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (dc != null) {
                dc.close();
            }
        }
    }

    @Test
    public void a_eachComputerAccountDoesItsWorkloadsRoundTripWithItsKeytab() throws Exception {
        Path dir = Files.createDirectories(work.resolve("ad-round-trip"));
        Path doc = DemoServers.officeDocument(dir.resolve("salaries.docx"), "Confidential: salaries");
        // FCI protects with a template, Exchange (super user) opens it
        InstalledNode.Run fci = as("FS01$", "fci", "protect", doc.toString(), "--template", template);
        assertEquals(fci.out() + fci.err(), 0, fci.exit());
        InstalledNode.Run exchange = as("EXCH01$", "exchange", "unprotect", doc + ".rmsp", "-o",
                dir.resolve("by-exchange.docx").toString());
        assertEquals(exchange.out() + exchange.err(), 0, exchange.exit());
        assertArrayEquals(Files.readAllBytes(doc), Files.readAllBytes(dir.resolve("by-exchange.docx")));
        // SharePoint protects on download for the user who downloads (grants only, no template; it may open content
        // only for a user who holds the right); Exchange, the super user, opens what it protected
        Path plan = DemoServers.officeDocument(dir.resolve("plan.docx"), "the plan");
        InstalledNode.Run sp = as("SP01$", "sharepoint", "protect", plan.toString(), "--grant",
                "svc-fci2@rmstest.lan:VIEW,PRINT", "--expires-days", "30", "--offline-days", "3");
        assertEquals(sp.out() + sp.err(), 0, sp.exit());
        InstalledNode.Run back = as("EXCH01$", "exchange", "unprotect", plan + ".rmsp", "-o",
                dir.resolve("plan-back.docx").toString());
        assertEquals(back.out() + back.err(), 0, back.exit());
        assertArrayEquals(Files.readAllBytes(plan), Files.readAllBytes(dir.resolve("plan-back.docx")));
        awaitEvent("event=1002", "EXCH01$");
        assertTrue(events(), events().contains("mechanism=\"kerberos\""));
    }

    @Test
    public void b_aServerAuthorizedOnlyThroughTheNestedGroupIsServed() throws Exception {
        Path dir = Files.createDirectories(work.resolve("ad-nested"));
        Path doc = DemoServers.officeDocument(dir.resolve("budget.docx"), "Confidential: budget");
        InstalledNode.Run run = as("svc-fci2", "fci", "protect", doc.toString(), "--template", template);
        assertEquals(run.out() + run.err() + "\n" + events(), 0, run.exit());
        assertTrue(Files.exists(dir.resolve("budget.docx.rmsp")));
        awaitEvent("event=1002", "svc-fci2@rmstest.lan");
        assertTrue(events(), lines().stream().anyMatch(l -> l.contains("event=1002") && l.contains("svc-fci2")
                && l.contains("rms-servers")));
    }

    @Test
    public void c_anAuthenticatedComputerOnNoListIsRefusedWithEvent2001() throws Exception {
        InstalledNode.Run run = as("WEB01$", "fci", "templates");
        assertEquals(run.out() + run.err(), 1, run.exit());
        assertTrue(run.err(), run.err().contains("WEB01$"));
        awaitEvent("event=2001", "WEB01$");
    }

    @Test
    public void d_anonymousGets401OfferingNegotiateAndNtlmIsRefusedWithTheReason() throws Exception {
        HttpRequest.Builder templates = HttpRequest.newBuilder(node.connector(
                "/_wmcs/licensing/templatedistribution.asmx")).header("X-RMS-Workload", "fci");
        HttpResponse<String> anonymous = node.client().send(templates.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertEquals(List.of("Negotiate"), anonymous.headers().allValues("WWW-Authenticate"));
        assertTrue(anonymous.body(), anonymous.body().contains("a client certificate, or Authorization: Negotiate"));
        HttpResponse<String> ntlm = node.client().send(templates.header("Authorization",
                "Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(ntlm.body(), 401, ntlm.statusCode());
        assertTrue(ntlm.body(), ntlm.body().contains("NTLM is not accepted, only Kerberos"));
        awaitEvent("event=2000", "NTLM");
    }

    /**
     * The console's directory search (Authorized servers → Find in the directory), typed and submitted in a real
     * headless Chromium: the page lists the computer accounts and the nested group as the list would name them, and
     * "use" fills the add form with the group.
     */
    @Test
    public void e_theConsolesDirectorySearchFindsTheComputerAccountsAndTheNestedGroupInChromium() throws Exception {
        assertTrue("Chromium is needed (apt-get install chromium; .ci/run does): " + Chromium.executable(),
                Chromium.installed());
        Path screenshots = Files.createDirectories(NodeHome.root().resolve("itests/target/screenshots"));
        String password = Files.readString(node.home.resolve("data/console-password")).strip();
        try (Chromium browser = Chromium.start(work)) {
            browser.extraHeaders(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + password).getBytes(StandardCharsets.UTF_8))));
            browser.open(node.connector("/system/console/rms-servers"));
            browser.await("the directory search form", "document.getElementById('directory-search')", PAGE);

            Map<String, String> computers = searchInConsole(browser, "01");
            browser.screenshot(screenshots.resolve("ad-01-directory-computers.png"));
            for (String computer : List.of("EXCH01$", "SP01$", "FS01$")) {
                assertEquals(computers.toString(), "COMPUTER", computers.get(computer));
            }

            Map<String, String> groups = searchInConsole(browser, "rms-nested");
            browser.screenshot(screenshots.resolve("ad-02-directory-nested-group.png"));
            assertEquals(groups.toString(), Map.of("rms-nested", "GROUP"), groups);
            // "use" carries the entry into the add form, as the administrator would take it
            browser.eval("(() => { document.querySelector('#directory-results tr[data-account=\"rms-nested\"]"
                    + " a.use-entry').click(); return true; })()");
            browser.await("the add form filled with the group", "new URLSearchParams(location.search)"
                    + ".get('account') === 'rms-nested' && document.getElementById('account').value === 'rms-nested'"
                    + " && document.getElementById('kind').value === 'GROUP'", PAGE);
        }
    }

    /**
     * svc-fci2 is served through rms-nested ⊂ rms-servers, is removed from rms-nested in AD, and from then on is
     * served only until the connector's cached membership expires: every request that starts later than the time
     * to live (plus a directory read) after the removal must be refused with 403, and the refusal is event 2001.
     */
    @Test
    public void f_removedFromTheNestedGroupItIsRefusedWithinTheGroupCachesTimeToLive() throws Exception {
        InstalledNode.Run served = as("svc-fci2", "fci", "templates");
        assertEquals(served.out() + served.err() + "\n" + events(), 0, served.exit());
        long refusalsBefore = refusalsOf("svc-fci2@rmstest.lan");

        dc.removeMembers("rms-nested", "svc-fci2");
        try {
            long bound = System.nanoTime() + Duration.ofSeconds(GROUP_CACHE_TTL_SECONDS).plus(DIRECTORY_READ).toNanos();
            InstalledNode.Run refused;
            int asked = 0;
            while (true) {
                long started = System.nanoTime();
                InstalledNode.Run run = as("svc-fci2", "fci", "templates");
                asked++;
                // the connector's own refusal; before the bound the cloud (its directory re-imported meanwhile) may
                // refuse first, which is also a refusal but not this one
                if (run.exit() == 1 && run.err().contains("not on the connector's authorized servers list")) {
                    refused = run;
                    break;
                }
                assertTrue("request " + asked + " started " + GROUP_CACHE_TTL_SECONDS + " s + "
                        + DIRECTORY_READ.toSeconds() + " s after the removal and was not refused by the connector"
                        + " (exit " + run.exit() + "): " + run.out() + run.err(), started - bound < 0);
            }
            assertTrue(refused.err(), refused.err().contains("svc-fci2@rmstest.lan"));
            assertTrue(refused.err(), refused.err().contains("403"));
            Await.until(Duration.ofSeconds(10), () -> refusalsOf("svc-fci2@rmstest.lan") > refusalsBefore,
                    "a new event 2001 naming svc-fci2@rmstest.lan", ActiveDirectoryIT::events);
        } finally {
            // the domain is torn down after the class; put the membership back for any test that runs later
            dc.addMembers("rms-nested", "svc-fci2");
        }
    }

    /** Submits {@code text} in the console's directory search; the results as the page shows them: account → kind. */
    private static Map<String, String> searchInConsole(Chromium browser, String text) throws Exception {
        browser.eval("(() => { document.getElementById('q').value = " + jsString(text) + ";"
                + " document.getElementById('directory-search-submit').click(); return true; })()");
        browser.await("the directory's answer for " + text, "new URLSearchParams(location.search).get('q') === "
                + jsString(text) + " && document.readyState === 'complete'"
                + " && (document.getElementById('directory-results') || document.getElementById('directory-error'))",
                PAGE);
        Object shown = browser.eval("[...document.querySelectorAll('#directory-results tbody tr')]"
                + ".map(r => r.cells[0].innerText.trim() + '\\t' + r.cells[1].innerText.trim()).join('\\n')");
        Map<String, String> found = new java.util.TreeMap<>();
        for (String row : String.valueOf(shown).split("\n")) {
            String[] cells = row.split("\t");
            if (cells.length == 2) {
                found.put(cells[0], cells[1]);
            }
        }
        assertTrue("the console found nothing for " + text + "; the page says:\n" + browser.text(), !found.isEmpty());
        return found;
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static long refusalsOf(String account) {
        return lines().stream().filter(l -> l.contains("event=2001") && l.contains(account)).count();
    }

    /** {@code bin/rmsctl} as {@code account}, logged in from the keytab AD exported for it. */
    private static InstalledNode.Run as(String account, String workload, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--keytab", KEYTABS.get(account).toString(), "--principal",
                account + "@" + REALM, "--service-principal", SERVICE, "--krb5-conf", dc.krb5Conf().toString(),
                "--workload", workload, "--home", work.resolve("home-" + account).toString()));
        all.addAll(List.of(args));
        return node.rmsctl(Map.of("RMS_SERVICE_URL", node.connector("").toString()), CLI,
                all.toArray(new String[0]));
    }

    private static void awaitEvent(String id, String text) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> lines().stream().anyMatch(l -> l.contains(id) && l.contains(text)),
                "an event " + id + " naming " + text, ActiveDirectoryIT::events);
    }

    private static String events() {
        return String.join("\n", lines());
    }

    private static List<String> lines() {
        Path events = node.home.resolve("log/events.log");
        try {
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String log() {
        try {
            Path file = node.home.resolve("log/connector.log");
            return node.output() + "\n" + (Files.exists(file) ? Files.readString(file) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
