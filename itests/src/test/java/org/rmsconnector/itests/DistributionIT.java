package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;


import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The assembled distribution, used as a newcomer would: installed under a path with a space, started with
 * {@code bin/rms-connector} from another directory, probed with HTTP, given a bundle in {@code deploy/}, stopped
 * with SIGTERM.
 */
public class DistributionIT {

    private Path home;
    private NodeHome node;
    private Process process;
    private Path output;

    @Before
    public void install() throws IOException {
        Path built = NodeHome.root().resolve("distribution/target/rms-connector");
        assertTrue("build the distribution first (mvn install): " + built, Files.isDirectory(built));
        home = Files.createTempDirectory(NodeHome.work(), "dist ").resolve("rms connector");
        NodeHome.copyTree(built, home);
        node = NodeHome.onFreePorts(home);
        output = home.getParent().resolve("console.out");
    }

    @After
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void startsServesHotDeploysAndStopsCleanly() throws Exception {
        long launched = System.nanoTime();
        process = new ProcessBuilder("bash", home.resolve("bin/rms-connector").toString())
                .directory(NodeHome.work().toFile())   // not the install folder: the script must find its home
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();

        // first start: the console password is generated, owner-only, printed once
        awaitFile(home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        HttpClient client = NodeHome.trustingClient(home);
        URI verify = URI.create("https://localhost:" + node.httpsPort + "/_wmcs/certification/servercertification.asmx");
        HttpResponse<String> page = await(client, HttpRequest.newBuilder(verify).build(), 200, Duration.ofSeconds(30));
        Duration toFirst200 = Duration.ofNanos(System.nanoTime() - launched);
        System.out.println("launch to first 200 over HTTPS: " + toFirst200.toMillis() + " ms");
        // the target is 5 s (measured ~2-3 s here); the bound leaves room for a loaded CI machine
        assertTrue("first 200 after " + toFirst200, toFirst200.compareTo(Duration.ofSeconds(15)) < 0);
        assertTrue(page.body(), page.body().contains("RMS Connector"));

        String password = Files.readString(home.resolve("data/console-password")).trim();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("data/console-password"))));
        assertTrue("the password is printed once on first start", Files.readString(output).contains(password));

        URI console = URI.create("https://localhost:" + node.httpsPort + "/system/console/bundles.json");
        assertEquals(401, client.send(HttpRequest.newBuilder(console).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        assertEquals("admin/admin must never work", 401, client.send(withAuth(console, "admin"),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> bundles = client.send(withAuth(console, password), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bundles.statusCode());
        assertTrue(bundles.body(), bundles.body().contains("org.rmsconnector.relay"));

        // plain HTTP is served on its own port (the relay will warn about it)
        URI plain = URI.create("http://localhost:" + node.httpPort + "/health");
        assertEquals(200, client.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());

        // deploy/: copied in, ACTIVE within 2 s, as the console reports it
        Path jar = home.resolve("deploy/dist-dropin.jar");
        NodeHome.writeBundle(jar, "org.rmsconnector.itest.distdropin", "1.0.0");
        long copied = System.nanoTime();
        URI dropin = URI.create("https://localhost:" + node.httpsPort
                + "/system/console/bundles/org.rmsconnector.itest.distdropin.json");
        await(client, withAuth(dropin, password), 200, Duration.ofSeconds(2), "\"state\":\"Active\"");
        System.out.println("deploy/ to ACTIVE: " + Duration.ofNanos(System.nanoTime() - copied).toMillis() + " ms");
        Files.delete(jar);
        await(client, withAuth(dropin, password), 404, Duration.ofSeconds(4), null);

        // SIGTERM: a clean stop, recorded as event 1001
        process.destroy();
        assertTrue("stops within 20 s of SIGTERM", process.waitFor(20, TimeUnit.SECONDS));
        String events = Files.readString(home.resolve("log/events.log"));
        assertTrue(events, events.contains("event=1000 level=INFO"));
        assertTrue(events, events.contains("event=1001 level=INFO"));
        String out = Files.readString(output);
        assertFalse("no stack traces on a clean run:\n" + out, out.contains("\tat "));
        assertFalse("no errors on a clean run:\n" + out, out.contains(" ERROR "));
    }

    private HttpRequest withAuth(URI uri, String password) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic).build();
    }

    private HttpResponse<String> await(HttpClient client, HttpRequest request, int status, Duration deadline)
            throws Exception {
        return await(client, request, status, deadline, null);
    }

    private HttpResponse<String> await(HttpClient client, HttpRequest request, int status, Duration deadline,
            String bodyContains) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            assertTrue("the connector exited:\n" + Files.readString(output), process.isAlive());
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == status && (bodyContains == null || r.body().contains(bodyContains))) {
                    return r;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(request.uri() + ": no " + status + " within " + deadline + "; last: " + last
                + "\n--- connector output:\n" + Files.readString(output));
    }

    private void awaitFile(Path file, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!Files.exists(file)) {
            assertTrue("the connector exited:\n" + Files.readString(output), process.isAlive());
            if (System.nanoTime() > end) {
                throw new AssertionError(file + " not created within " + deadline);
            }
            Thread.sleep(20);
        }
    }

}
