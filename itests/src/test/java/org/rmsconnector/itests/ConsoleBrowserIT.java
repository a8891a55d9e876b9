package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;

/**
 * The Web Console plugins in a real headless Chromium against the real standalone distribution: the administrator
 * logs in, opens each plugin, adds and removes an authorized server, disables and re-enables a workload and sees
 * the requests of that workload refused and served again. Screenshots go to {@code itests/target/screenshots/}.
 */
public class ConsoleBrowserIT {

    private static final Duration CHANGE = Duration.ofSeconds(15);
    private static InstalledNode node;
    private static Chromium browser;
    private static Path work;
    private static Path screenshots;

    @BeforeClass
    public static void start() throws Exception {
        // .ci/run installs Debian's chromium; on CI a missing browser is a failure, not a skip
        assumeTrue("Chromium not installed (apt-get install chromium)", Chromium.installed()
                || System.getenv("CI") != null);
        node = InstalledNode.install().start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        screenshots = Files.createDirectories(NodeHome.root().resolve("itests/target/screenshots"));
        node.awaitFile(node.home.resolve("data/demo/EXCH01.p12"), Duration.ofSeconds(60));
        node.await(node.client(), HttpRequest.newBuilder(node.connector("/health")).build(), 200,
                Duration.ofSeconds(60), "RMS authorization");
        browser = Chromium.start(work);
        String password = Files.readString(node.home.resolve("data/console-password")).strip();
        browser.extraHeaders(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + password).getBytes(StandardCharsets.UTF_8))));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static URI console(String label) {
        return node.connector("/system/console/" + label);
    }

    @Test
    public void theOverviewShowsTheCloudTheWorkloadsAndTheirTraffic() throws Exception {
        browser.open(console("rms"));
        browser.await("the overview", "document.getElementById('cloud-status')", CHANGE);
        String text = browser.text();
        assertTrue(text, text.contains("exchange") || text.contains("Exchange"));
        browser.screenshot(screenshots.resolve("01-overview.png"));
    }

    @Test
    public void anAuthorizedServerIsAddedAndRemovedInTheBrowser() throws Exception {
        browser.open(console("rms-servers"));
        browser.await("the add form", "document.getElementById('add-server')", CHANGE);
        assertTrue("the super-user warning is shown", browser.text().toLowerCase().contains("super"));
        browser.eval("(() => { const f = document.getElementById('add-server');"
                + " f.querySelector('[name=account]').value = 'WEB07$';"
                + " f.querySelector('[name=kind]').value = 'COMPUTER';"
                + " f.querySelector('[name=role]').value = 'sharepoint';"
                + " document.getElementById('add-server-submit').click(); return true; })()");
        // the list in force changes through the cloud's change feed: reload until it shows
        awaitAfterReload("rms-servers", "document.querySelector('[data-account=\"WEB07$\"][data-role=\"sharepoint\"]')");
        browser.screenshot(screenshots.resolve("02-server-added.png"));
        browser.eval("(() => { document.querySelector('[data-account=\"WEB07$\"][data-role=\"sharepoint\"]"
                + " .remove-server').click(); return true; })()");
        awaitAfterReload("rms-servers",
                "!document.querySelector('[data-account=\"WEB07$\"]') && document.getElementById('add-server')");
        browser.screenshot(screenshots.resolve("03-server-removed.png"));
    }

    @Test
    public void aWorkloadDisabledInTheBrowserIsRefusedAndServedAgainWhenReEnabled() throws Exception {
        try (RmsClient exchange = sdk("EXCH01")) {
            exchange.templates();
            browser.open(console("rms-workloads"));
            browser.await("the workloads", "document.getElementById('disable-exchange')", CHANGE);
            browser.eval("(() => { document.getElementById('disable-exchange').click(); return true; })()");
            awaitAfterReload("rms-workloads", "document.querySelector('#workload-exchange .workload-enabled')"
                    + ".textContent.trim() === 'disabled'");
            browser.screenshot(screenshots.resolve("04-exchange-disabled.png"));
            int status = awaitStatus(exchange, 503);
            assertEquals(503, status);
            browser.eval("(() => { document.getElementById('enable-exchange').click(); return true; })()");
            awaitAfterReload("rms-workloads", "document.querySelector('#workload-exchange .workload-enabled')"
                    + ".textContent.trim() === 'enabled'");
            browser.screenshot(screenshots.resolve("05-exchange-enabled.png"));
            assertEquals(200, awaitStatus(exchange, 200));
        }
        // and the events page shows both switches
        browser.open(console("rms-events"));
        browser.await("the events table", "document.getElementById('events')", CHANGE);
        String events = browser.text();
        assertTrue(events, events.contains("4001") && events.contains("4000"));
        browser.screenshot(screenshots.resolve("06-events.png"));
    }

    @Test
    public void theServerConfigurationPageGeneratesARegistryFile() throws Exception {
        browser.open(console("rms-genconfig"));
        browser.await("the form", "document.getElementById('genconfig')", CHANGE);
        browser.eval("(() => { const f = document.getElementById('genconfig');"
                + " f.querySelector('[name=workload]').value = 'exchange';"
                + " f.querySelector('[name=connector]').value = 'https://rms.contoso.com';"
                + " f.querySelector('[name=format]').value = 'reg';"
                + " f.submit(); return true; })()");
        browser.await("the generated file", "document.getElementById('genconfig-output') && document"
                + ".getElementById('genconfig-output').textContent.includes('Windows Registry Editor Version 5.00')",
                CHANGE);
        String output = (String) browser.eval("document.getElementById('genconfig-output').textContent");
        assertTrue(output, output.contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM"));
        assertTrue(output, output.contains("https://rms.contoso.com"));
        browser.screenshot(screenshots.resolve("07-genconfig.png"));
    }

    @Test
    public void aHostileAccountNameIsShownAsText() throws Exception {
        // the cloud keeps account names as the administrator wrote them, so markup can reach every page that lists
        // them: it must arrive as text
        String hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
        browser.open(console("rms-servers"));
        browser.await("the add form", "document.getElementById('add-server')", CHANGE);
        browser.eval("(() => { const f = document.getElementById('add-server');"
                + " f.querySelector('[name=account]').value = " + jsString(hostile) + ";"
                + " f.querySelector('[name=kind]').value = 'GROUP';"
                + " f.querySelector('[name=role]').value = 'fci';"
                + " document.getElementById('add-server-submit').click(); return true; })()");
        String row = "[...document.querySelectorAll('[data-role=\"fci\"]')].find(r => r.getAttribute('data-account') === "
                + jsString(hostile) + ")";
        awaitAfterReload("rms-servers", row);
        assertTrue("the name reads back exactly, as text", browser.text().contains(hostile));
        assertFalse("no element came from the data", (Boolean) browser.eval("!!document.querySelector('img[src=x]')"));
        assertFalse("no script ran", "pwned".equals(browser.eval("document.title")));
        browser.screenshot(screenshots.resolve("08-hostile-name-as-text.png"));
        browser.eval("(() => { " + row + ".querySelector('.remove-server').click(); return true; })()");
        awaitAfterReload("rms-servers", "!(" + row + ") && document.getElementById('add-server')");
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Reloads the plugin until the condition holds: the console shows state the services hold, nothing cached. */
    private static void awaitAfterReload(String label, String condition) throws Exception {
        long end = System.nanoTime() + CHANGE.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < end) {
            browser.awaitLoaded();
            try {
                browser.await(label, condition, Duration.ofSeconds(2));
                return;
            } catch (AssertionError e) {
                last = e;
            }
            browser.open(console(label));
        }
        throw last != null ? last : new AssertionError(label + ": " + condition);
    }

    private static int awaitStatus(RmsClient client, int wanted) throws Exception {
        long end = System.nanoTime() + CHANGE.toNanos();
        int status = -1;
        while (System.nanoTime() < end) {
            try {
                client.templates();
                status = 200;
            } catch (RmsClientException e) {
                status = e.httpStatus();
            }
            if (status == wanted) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }

    private static RmsClient sdk(String server) throws Exception {
        char[] password = Files.readString(node.home.resolve("data/demo-password")).strip().toCharArray();
        char[] tlsPassword = Files.readString(node.home.resolve("data/tls-password")).strip().toCharArray();
        return RmsClient.create(ClientConfig.builder(node.connector("")).clientCertificate(
                node.home.resolve("data/demo/" + server + ".p12"), password).workload("exchange")
                .trustStore(node.home.resolve("data/tls/connector.p12"), tlsPassword)
                .home(work.resolve("sdk-" + server)).build());
    }
}
