package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The assembled distribution, used as a newcomer would: installed under a path with a space, started with
 * {@code bin/rms-connector} from another directory, probed with HTTP, given a bundle in {@code deploy/}, stopped
 * with SIGTERM.
 */
public class DistributionIT {

    private InstalledNode node;

    @Before
    public void install() throws Exception {
        node = InstalledNode.install();
    }

    @After
    public void stop() throws InterruptedException {
        node.close();
    }

    @Test
    public void startsServesHotDeploysAndStopsCleanly() throws Exception {
        long launched = System.nanoTime();
        node.start();

        // first start: the console password is generated, owner-only, printed once
        node.awaitFile(node.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        HttpClient client = node.client();
        URI verify = node.connector("/_wmcs/certification/servercertification.asmx");
        HttpResponse<String> page = node.await(client, HttpRequest.newBuilder(verify).build(), 200,
                Duration.ofSeconds(30), null);
        Duration toFirst200 = Duration.ofNanos(System.nanoTime() - launched);
        System.out.println("launch to first 200 over HTTPS: " + toFirst200.toMillis() + " ms");
        // A sanity bound, not a measurement: a first start creates the HTTPS, demo and tenant keys (9-13 s on 2 idle
        // cores, 17-29 s while other builds ran); start time is measured by the benchmark of issue 10, not here
        assertTrue("first 200 after " + toFirst200, toFirst200.compareTo(Duration.ofSeconds(45)) < 0);
        assertTrue(page.body(), page.body().contains("RMS Connector"));

        String password = Files.readString(node.home.resolve("data/console-password")).trim();
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(node.home.resolve("data/console-password"))));
        assertTrue("the password is printed once on first start", node.output().contains(password));

        URI console = node.connector("/system/console/bundles.json");
        // the console registers a moment after the relay; it never answers without credentials
        node.await(client, HttpRequest.newBuilder(console).build(), 401, Duration.ofSeconds(10), null);
        assertEquals("admin/admin must never work", 401, client.send(withAuth(console, "admin"),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> bundles = client.send(withAuth(console, password), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bundles.statusCode());
        assertTrue(bundles.body(), bundles.body().contains("org.rmsconnector.relay"));

        // plain HTTP is served on its own port (the relay will warn about it)
        URI plain = URI.create("http://localhost:" + node.ports.httpPort + "/health");
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(plain).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(health.statusCode() + " " + health.body(), health.body().contains("\"checks\""));

        // deploy/: copied in, ACTIVE within 2 s, as the console reports it
        Path jar = node.home.resolve("deploy/dist-dropin.jar");
        NodeHome.writeBundle(jar, "org.rmsconnector.itest.distdropin", "1.0.0");
        long copied = System.nanoTime();
        URI dropin = node.connector("/system/console/bundles/org.rmsconnector.itest.distdropin.json");
        node.await(client, withAuth(dropin, password), 200, Duration.ofSeconds(2), "\"state\":\"Active\"");
        System.out.println("deploy/ to ACTIVE: " + Duration.ofNanos(System.nanoTime() - copied).toMillis() + " ms");
        Files.delete(jar);
        node.await(client, withAuth(dropin, password), 404, Duration.ofSeconds(4), null);

        // while it ran: no error and no stack trace
        String running = withoutLauncherTrackerRace(node.output());
        assertFalse("no stack traces while running:\n" + running, running.contains("\tat "));
        assertFalse("no errors while running:\n" + running, running.contains(" ERROR "));

        // SIGTERM: a clean stop, recorded as event 1001. (What the runtime prints while it stops is not asserted:
        // Felix HTTP's whiteboard can log a NullPointerException when services go away during shutdown.)
        assertTrue("stops within 20 s of SIGTERM", node.stop(Duration.ofSeconds(20)));
        String events = Files.readString(node.home.resolve("log/events.log"));
        assertTrue(events, events.contains("event=1000 level=INFO"));
        assertTrue(events, events.contains("event=1001 level=INFO"));
    }

    /**
     * The Sling Feature Launcher 1.3.4 applies the feature's configurations when ConfigurationAdmin appears, from a
     * service tracker that does not keep the service; when ConfigurationAdmin's service properties change a moment
     * later (ConfigAdmin does so as its plugins come up), the tracker calls it again and a clean-up thread meets a
     * field it already cleared: a NullPointerException stack trace on the console in about 1 start in 40. The
     * configurations were applied the first time and the second call has none left, so nothing is lost; this
     * removes exactly that trace (AbstractRunner.configure in org.apache.sling.feature.launcher) and nothing else.
     */
    static String withoutLauncherTrackerRace(String output) {
        return output.replaceAll("Exception in thread \"[^\"]*\" java\\.lang\\.NullPointerException: Cannot invoke"
                + " \"org\\.osgi\\.util\\.tracker\\.ServiceTracker\\.close\\(\\)\" because"
                + " \"this\\.configAdminTracker\" is null\\R"
                + "(?:\\tat (?:org\\.apache\\.sling\\.feature\\.launcher\\."
                + "|java\\.base/java\\.lang\\.Thread\\.run)[^\\n]*\\R)+",
                "");
    }

    private static HttpRequest withAuth(URI uri, String password) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic).build();
    }
}
