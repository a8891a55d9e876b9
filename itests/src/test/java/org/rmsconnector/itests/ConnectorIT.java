package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rmsconnector.testing.Await;

/**
 * The connector as on-premises servers use it: the standalone distribution with its embedded cloud service and
 * demo PKI, the sample FCI, Exchange and SharePoint servers calling the relay over mutual TLS with
 * {@code bin/rmsctl}, each in its role.
 */
public class ConnectorIT {

    private static final Duration CLI = Duration.ofSeconds(60);
    private static InstalledNode node;
    private static Path work;
    private static String confidentialTemplate;

    @BeforeClass
    public static void startNode() throws Exception {
        node = InstalledNode.install().start();
        work = Files.createDirectories(node.home.getParent().resolve("work"));
        confidentialTemplate = DemoServers.awaitReadyAndFindTemplate(node, work);
    }

    @AfterClass
    public static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void fciProtectsAnOfficeFileExchangeOpensItSharePointIsRefused() throws Exception {
        Path docx = DemoServers.officeDocument(work.resolve("report.docx"), "Quarterly numbers: 42");
        InstalledNode.Run protect = as("FS01", "protect", docx.toString(), "--template", confidentialTemplate);
        assertEquals(protect.err(), 0, protect.exit());
        Path protectedFile = work.resolve("report.docx.rmsp");
        assertTrue(Files.exists(protectedFile));

        // Exchange is a super user: it may open any content of the tenant (transport/journal decryption)
        Path opened = work.resolve("report-exchange.docx");
        InstalledNode.Run exchange = as("EXCH01", "unprotect", protectedFile.toString(), "-o", opened.toString());
        assertEquals(exchange.err(), 0, exchange.exit());
        assertEquals(-1, Files.mismatch(docx, opened));

        // SharePoint is not: it must say on whose behalf, and acts with that user's rights only
        Path refused = work.resolve("report-sharepoint.docx");
        InstalledNode.Run sharepoint = as("SP01", "unprotect", protectedFile.toString(), "-o", refused.toString());
        assertEquals(sharepoint.err(), 1, sharepoint.exit());
        assertFalse(Files.exists(refused));
    }

    @Test
    public void fciRefusesWhatIsNotAnOfficeDocumentAndSaysWhatToUse() throws Exception {
        Path pdf = Files.write(work.resolve("scan.pdf"), "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
        InstalledNode.Run protect = as("FS01", "protect", pdf.toString(), "--template", confidentialTemplate);
        assertEquals(protect.err(), 1, protect.exit());
        assertTrue(protect.err(), protect.err().contains("Office documents only"));
        assertFalse(Files.exists(work.resolve("scan.pdf.rmsp")));
    }

    @Test
    public void anonymousCallersGet401AndUnknownCertificates403() throws Exception {
        HttpResponse<String> anonymous = node.client().send(HttpRequest.newBuilder(
                node.connector("/_wmcs/licensing/templatedistribution.asmx")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(anonymous.body(), 401, anonymous.statusCode());

        Path other = otherCertificate("OTHER01");
        InstalledNode.Run unknown = node.rmsctl(Map.of("RMS_SERVICE_URL", node.connector("").toString()), CLI,
                "--client-cert", other.toString(), "--client-cert-password-file",
                node.home.resolve("data/demo-password").toString(), "--home", work.resolve("home-other").toString(),
                "templates");
        assertEquals(unknown.err(), 1, unknown.exit());
        assertTrue(unknown.err(), unknown.err().contains("403"));
        awaitLog("event=2001", Duration.ofSeconds(5));
        awaitLog("event=2000", Duration.ofSeconds(5));
    }

    @Test
    public void removingTheExchangeJarStopsExchangeOnlyAndPuttingItBackRestoresIt() throws Exception {
        assertEquals(0, as("EXCH01", "templates").exit());
        Path jar;
        try (var jars = Files.list(node.home.resolve("deploy"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("rms-exchange")).findFirst().orElseThrow();
        }
        Path aside = work.resolve(jar.getFileName());
        Files.move(jar, aside);
        try {
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            InstalledNode.Run exchange;
            do {
                exchange = as("EXCH01", "templates");
            } while (exchange.exit() == 0 && System.nanoTime() < end);
            assertEquals("Exchange answers 503 within 2 s: " + exchange.err(), 3, exchange.exit());
            assertTrue(exchange.err(), exchange.err().contains("exchange"));
            InstalledNode.Run sharepoint = as("SP01", "templates");
            assertEquals(sharepoint.err(), 0, sharepoint.exit());
            awaitLog("event=4003", Duration.ofSeconds(5));
        } finally {
            Files.move(aside, jar);
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        InstalledNode.Run back;
        do {
            back = as("EXCH01", "templates");
        } while (back.exit() != 0 && System.nanoTime() < end);
        assertEquals(back.err(), 0, back.exit());
    }

    @Test
    public void disablingExchangeWhileRequestsRunFailsOnlyExchangeAndOnlyWith503() throws Exception {
        Path cfg = node.home.resolve("etc/org.rmsconnector.workload.exchange.cfg");
        String original = Files.readString(cfg);
        ExchangeAndSharePointLoad load;
        try (org.rmsconnector.client.RmsClient exchange = sdk("EXCH01");
                org.rmsconnector.client.RmsClient sharepoint = sdk("SP01")) {
            load = new ExchangeAndSharePointLoad(exchange, sharepoint);
            try {
                awaitServing(load);
                Files.writeString(cfg, original.replace("enabled=true", "enabled=false"));
                Await.until(Duration.ofSeconds(10), () -> load.exchange503.get() > 0, "Exchange is refused with 503");
                long sharepointBefore = load.sharepointOk.get();
                Await.until(Duration.ofSeconds(10), () -> load.sharepointOk.get() > sharepointBefore + 10,
                        "SharePoint keeps serving while Exchange is disabled");
            } finally {
                Files.writeString(cfg, original);
                load.close();
            }
        }
        assertTrue("nothing but 503 for Exchange, nothing at all for SharePoint: " + load.wrong,
                load.wrong.isEmpty());
        assertTrue("Exchange was refused while disabled", load.exchange503.get() > 0);
        assertTrue("Exchange was served before", load.exchangeOk.get() > 0);
        assertTrue("SharePoint kept serving", load.sharepointOk.get() > 10);
        // and it comes back
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        InstalledNode.Run back;
        do {
            back = as("EXCH01", "templates");
        } while (back.exit() != 0 && System.nanoTime() < end);
        assertEquals(back.err(), 0, back.exit());
    }

    @Test
    public void replacingTheExchangeJarWhileRequestsRunUpdatesItAndFailsNothingButCleanly() throws Exception {
        Path jar;
        try (var jars = Files.list(node.home.resolve("deploy"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("rms-exchange")).findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(jar);
        // the same bundle as a new version: what an administrator's upgrade looks like to FileInstall
        Path staged = DemoServers.withBundleVersion(jar, work.resolve("staged-exchange.jar"), "0.1.1.replaced");
        ExchangeAndSharePointLoad load;
        int eventsBefore;
        try (org.rmsconnector.client.RmsClient exchange = sdk("EXCH01");
                org.rmsconnector.client.RmsClient sharepoint = sdk("SP01")) {
            load = new ExchangeAndSharePointLoad(exchange, sharepoint);
            try {
                awaitServing(load);
                eventsBefore = eventLines().size();
                // atomic: FileInstall sees the old file or the new one, never half of it
                Files.move(staged, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                load.mark();
                awaitBundleVersion("org.rmsconnector.exchange", "0.1.1.replaced", Duration.ofSeconds(10));
                Await.until(Duration.ofSeconds(10), () -> load.exchangeOkAfterMark.get() >= 5,
                        "the new Exchange bundle serves");
                Await.until(Duration.ofSeconds(10), () -> load.sharepointOk.get() > 10,
                        "SharePoint keeps serving through the swap");
            } finally {
                load.close();
                Path back = work.resolve("original-exchange.jar");
                Files.write(back, original);
                Files.move(back, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        assertTrue("Exchange requests either complete or get a clean 503 naming exchange; SharePoint never fails: "
                + load.wrong, load.wrong.isEmpty());
        assertTrue("Exchange was served before the swap", load.exchangeOk.get() > load.exchangeOkAfterMark.get());
        assertTrue("the new Exchange bundle serves", load.exchangeOkAfterMark.get() >= 5);
        assertTrue("SharePoint kept serving", load.sharepointOk.get() > 10);
        // the adapters share no bundle (workload support is embedded in each), so nothing refreshed the others: the
        // relay saw only the Exchange adapter go away and come back
        List<String> swapEvents = eventLines().subList(eventsBefore, eventLines().size());
        assertTrue("only Exchange restarted: " + swapEvents, swapEvents.stream().filter(l -> l.contains("event=4003 ")
                || l.contains("event=4002 ")).allMatch(l -> l.contains("workload=\"exchange\"")));
        assertTrue("the Exchange swap was seen: " + swapEvents, swapEvents.stream().anyMatch(
                l -> l.contains("event=4003 ") && l.contains("workload=\"exchange\"")));
        awaitBundleVersion("org.rmsconnector.exchange", "0.1.0", Duration.ofSeconds(10));
    }

    /** The events log's lines so far (none before the first event). */
    private static List<String> eventLines() {
        Path events = node.home.resolve("log/events.log");
        try {
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitServing(ExchangeAndSharePointLoad load) throws InterruptedException {
        Await.until(Duration.ofSeconds(15), () -> load.exchangeOk.get() > 0 && load.sharepointOk.get() > 0,
                "the load is served for both workloads");
    }

    /** Waits until the Web Console lists the bundle ACTIVE with a version starting with the given text. */
    private static void awaitBundleVersion(String symbolicName, String version, Duration deadline) throws Exception {
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + Files.readString(
                node.home.resolve("data/console-password")).strip()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(node.connector("/system/console/bundles.json"))
                .header("Authorization", auth).build();
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("\\{[^{}]*\"symbolicName\":\""
                + java.util.regex.Pattern.quote(symbolicName) + "\"[^{}]*\\}");
        String[] last = {""};
        Await.until(deadline, () -> {
            try {
                HttpResponse<String> r = node.client().send(request, HttpResponse.BodyHandlers.ofString());
                java.util.regex.Matcher m = pattern.matcher(r.body());
                last[0] = m.find() ? m.group() : "(not listed)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (Exception e) {
                last[0] = e.toString();
            }
            return last[0].contains("\"version\":\"" + version) && last[0].contains("\"state\":\"Active\"");
        }, symbolicName + " Active at " + version, () -> last[0]);
    }

    private static org.rmsconnector.client.RmsClient sdk(String server) throws Exception {
        char[] password = Files.readString(node.home.resolve("data/demo-password")).strip().toCharArray();
        char[] tlsPassword = Files.readString(node.home.resolve("data/tls-password")).strip().toCharArray();
        return org.rmsconnector.client.RmsClient.create(org.rmsconnector.client.ClientConfig
                .builder(node.connector("")).clientCertificate(node.home.resolve("data/demo/" + server + ".p12"),
                        password).workload(DemoServers.workload(server))
                .trustStore(node.home.resolve("data/tls/connector.p12"), tlsPassword)
                .home(work.resolve("sdk-" + server)).build());
    }

    @Test
    public void metricsCountTheRequestsByOperationWorkloadAndStatus() throws Exception {
        assertEquals(0, as("SP01", "templates").exit());
        HttpResponse<String> metrics = node.client().send(HttpRequest.newBuilder(node.connector("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body(), metrics.body().contains(
                "rms_relay_requests_total{operation=\"templates\",workload=\"sharepoint\",status=\"200\"}"));
        assertTrue(metrics.body(), metrics.body().contains("rms_relay_cloud_seconds_count{operation=\"templates\""));
        assertTrue(metrics.body(), metrics.body().matches("(?s).*rms_relay_policy_age_seconds [0-9.]+\\n.*"));
    }

    @Test
    public void hybridOnlineContentOpensOnPremisesAndTheReverse() throws Exception {
        // an online user protects directly at the cloud service; Exchange opens it through the connector
        Path memo = Files.writeString(work.resolve("memo.txt"), "from the cloud side");
        InstalledNode.Run online = node.rmsctl(Map.of("RMS_SERVICE_URL", node.cloud("").toString()), CLI,
                "--user", "alice@contoso.com", "--password-file",
                node.home.resolve("data/cloud/demo/alice@contoso.com.password").toString(),
                "--home", work.resolve("home-alice").toString(), "protect", memo.toString(),
                "--grant", "bob@contoso.com:VIEW");
        assertEquals(online.err(), 0, online.exit());
        Path opened = work.resolve("memo-exchange.txt");
        InstalledNode.Run exchange = as("EXCH01", "unprotect", work.resolve("memo.txt.rmsp").toString(), "-o",
                opened.toString());
        assertEquals(exchange.err(), 0, exchange.exit());
        assertEquals("from the cloud side", Files.readString(opened));

        // content protected on premises through the connector opens for an online user with the policy's rights
        Path docx = DemoServers.officeDocument(work.resolve("plan.docx"), "on premises");
        assertEquals(0, as("FS01", "protect", docx.toString(), "--template", confidentialTemplate).exit());
        char[] password = Files.readString(node.home.resolve("data/cloud/demo/bob@contoso.com.password")).strip()
                .toCharArray();
        char[] tlsPassword = Files.readString(node.home.resolve("data/tls-password")).strip().toCharArray();
        try (org.rmsconnector.client.RmsClient bob = org.rmsconnector.client.RmsClient.create(
                org.rmsconnector.client.ClientConfig.builder(node.cloud("")).user("bob@contoso.com", password)
                        .trustStore(node.home.resolve("data/tls/connector.p12"), tlsPassword)
                        .home(work.resolve("sdk-bob")).build());
                var in = Files.newInputStream(work.resolve("plan.docx.rmsp"));
                org.rmsconnector.client.ProtectedContent content = bob.open(in)) {
            // the template gives every employee VIEW, EDIT and PRINT, not EXPORT
            assertTrue(content.allows(org.rmsconnector.protocol.Right.VIEW));
            assertTrue(content.allows(org.rmsconnector.protocol.Right.EDIT));
            assertFalse(content.allows(org.rmsconnector.protocol.Right.EXPORT));
            assertEquals(-1, java.util.Arrays.mismatch(Files.readAllBytes(docx), content.stream().readAllBytes()));
        }
    }

    // --- helpers

    /** A client certificate from the demo CA for a server that is not on the authorized-servers list. */
    private static Path otherCertificate(String host) throws Exception {
        Path demo = node.home.resolve("data/demo");
        Path pw = node.home.resolve("data/demo-password");
        Path store = work.resolve(host + ".p12");
        Path csr = work.resolve(host + ".csr");
        Path pem = work.resolve(host + ".pem");
        String name = host.toLowerCase() + ".contoso.com";
        keytool("-genkeypair", "-alias", host, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass:file", pw.toString(),
                "-keypass:file", pw.toString());
        keytool("-certreq", "-alias", host, "-keystore", store.toString(), "-storepass:file", pw.toString(),
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", demo.resolve("ca.p12").toString(), "-storepass:file",
                pw.toString(), "-ext", "SAN=dns:" + name, "-ext", "EKU=clientAuth", "-infile", csr.toString(),
                "-outfile", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", demo.resolve("ca.pem").toString(),
                "-keystore", store.toString(), "-storepass:file", pw.toString());
        keytool("-importcert", "-noprompt", "-alias", host, "-file", pem.toString(), "-keystore", store.toString(),
                "-storepass:file", pw.toString());
        return store;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("keytool finishes", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
    }

    private static void awaitLog(String text, Duration deadline) throws Exception {
        Path events = node.home.resolve("log/events.log");
        Await.until(deadline, () -> String.join("\n", eventLines()).contains(text), text + " in events.log",
                () -> Files.exists(events) ? String.join("\n", eventLines()) : "(no file)");
    }

    private static InstalledNode.Run as(String server, String... args) throws Exception {
        return DemoServers.as(node, work, server, args);
    }
}
