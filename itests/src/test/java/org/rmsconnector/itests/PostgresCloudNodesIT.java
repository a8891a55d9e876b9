package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.testing.Await;
import org.rmsconnector.testing.TestDatabase;

/**
 * Two cloud service nodes ({@code bin/rms-cloud}) of one tenant on one real PostgreSQL database, behind a real
 * HAProxy, and a connector node ({@code bin/rms-connector}) using the service through HAProxy: a change made through
 * cloud node 1 reaches the connector, whose long-poll is held by cloud node 2, within 2 s; an actor assertion
 * accepted by one cloud node is refused by the other. Cloud node 1 is HAProxy's backup server, so the connector's
 * connections go to node 2 while the change is made at node 1's own address, as an administrator of node 1 would.
 * <p>
 * A second scenario puts both cloud nodes in HAProxy's pool (round robin, {@code option redispatch}, health checks
 * every 500 ms, two failures take a node out), drives a bounded load through the connector ({@link BoundedLoad}: the
 * demo Exchange server's templates call, relayed to the cloud, keep-alive, no retries in the load, every failure
 * counted by category) and kills the cloud node carrying the connector's connection with SIGKILL: at most the calls
 * in flight fail, and none started after HAProxy took the node out. The counts are printed and written to
 * {@code target/postgres-cloud-nodes-report.txt}.
 */
public class PostgresCloudNodesIT {

    private static final String HEALTH = "/_wmcs/licensing/server.asmx";
    /** The load: as OperationsIT's (8 workers, 25 ms between one worker's calls, 50 calls per connection). */
    private static final int THREADS = 8;
    private static final long PAUSE_MS = 25;
    private static final int PER_CONNECTION = 50;
    /** How long the load is watched after HAProxy has taken the killed node out. */
    private static final Duration WATCH_AFTER_DOWN = Duration.ofSeconds(5);
    /** Every failure of a call in flight at the kill ends within this (HAProxy's check takes about 1 s). */
    private static final Duration FAILURE_WINDOW = Duration.ofSeconds(5);
    /** What the connector logs when it tries a call again after the JDK client resent its assertion. */
    private static final String RESENT = "the HTTP client sent the same assertion again";
    /** What the connector logs when it tries a relayed call again, whatever the reason. */
    private static final java.util.regex.Pattern RETRIED = java.util.regex.Pattern.compile(" failed \\(.*\\);"
            + " attempt \\d+ of \\d+ in ");

    private InstalledNode cloud1;
    private InstalledNode cloud2;
    private InstalledNode connector;
    private HaProxy haProxy;

    @After
    public void stop() throws InterruptedException {
        for (InstalledNode n : new InstalledNode[] {connector, cloud2, cloud1}) {
            if (n != null) {
                n.close();
            }
        }
        if (haProxy != null) {
            haProxy.close();
        }
    }

    @Test
    public void aChangeThroughOneCloudNodeReachesAConnectorPollingTheOtherAndReplaysAreRefusedAcrossNodes()
            throws Exception {
        startCloudNodesOnPostgres();

        Map<String, Integer> backends = new LinkedHashMap<>();
        backends.put("cloud-2", cloud2.ports.cloudPort);
        backends.put("cloud-1", cloud1.ports.cloudPort);
        haProxy = HaProxy.start(NodeHome.work(), backends, HEALTH, Set.of("cloud-1"));
        haProxy.awaitStatus("cloud-2", "UP", Duration.ofSeconds(15));
        haProxy.awaitStatus("cloud-1", "UP", Duration.ofSeconds(15));

        connector = connectorThrough(haProxy.port, cloud1);
        connector.await(connector.client(), HttpRequest.newBuilder(connector.connector("/health")).build(), 200,
                Duration.ofSeconds(90), "RMS authorization");
        Thread.sleep(1000); // let the connector's next long-poll reach cloud node 2 and wait there

        long changed = System.nanoTime();
        HttpResponse<String> added = cloud1.client().send(HttpRequest.newBuilder(
                cloud1.cloud("/_wmcs/admin/authorized-servers")).header("Authorization", adminBasic(cloud1))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"account\":\"NEW01$\",\"kind\":\"computer\",\"role\":\"sharepoint\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(added.body(), 201, added.statusCode());
        awaitEvent(connector, "NEW01$", Duration.ofSeconds(2).minusNanos(System.nanoTime() - changed));
        System.out.printf("a change through cloud node 1 was in force on the connector polling cloud node 2 after"
                + " %d ms%n", (System.nanoTime() - changed) / 1_000_000);
        assertTrue("the connector's connections went to cloud node 2", haProxy.totalSessions("cloud-2") > 0);
        assertEquals("and none to cloud node 1, the backup", 0, haProxy.totalSessions("cloud-1"));

        // an actor assertion accepted by cloud node 1 is refused by cloud node 2
        KeyPair key = Keys.generateRsaKeyPair();
        String connectorId = registerConnector(cloud1, "replay-probe", key);
        String header = ActorAssertion.issue(new ActorAssertion.Claims(connectorId, "replay-probe", null, null, null,
                        false, "rid-replay"), key.getPrivate(), Keys.thumbprint((RSAPublicKey) key.getPublic()),
                Instant.now()).authorizationHeader();
        HttpResponse<String> first = changes(cloud1, header);
        assertEquals(first.body(), 200, first.statusCode());
        HttpResponse<String> replayed = changes(cloud2, header);
        assertEquals(replayed.body(), 401, replayed.statusCode());
        assertTrue(replayed.body(), replayed.body().contains("replayed_assertion"));
    }

    /**
     * Both cloud nodes in HAProxy's pool, a bounded load through the connector, and the cloud node that carries the
     * connector's connection killed with SIGKILL: at most the calls in flight at that moment fail (at most the load's
     * concurrency, each ended within a few seconds of the kill), and no call started after HAProxy took the node
     * out fails.
     */
    @Test
    public void killingOneCloudNodeUnderLoadFailsAtMostTheCallsInFlight() throws Exception {
        startCloudNodesOnPostgres();
        Map<String, InstalledNode> clouds = new LinkedHashMap<>();
        clouds.put("cloud-1", cloud1);
        clouds.put("cloud-2", cloud2);
        Map<String, Integer> backends = new LinkedHashMap<>();
        clouds.forEach((name, node) -> backends.put(name, node.ports.cloudPort));
        haProxy = HaProxy.start(NodeHome.work(), backends, HEALTH, Set.of());
        for (String name : clouds.keySet()) {
            haProxy.awaitStatus(name, "UP", Duration.ofSeconds(15));
        }
        connector = connectorThrough(haProxy.port, cloud1);
        connector.await(connector.client(), HttpRequest.newBuilder(connector.connector("/health")).build(), 200,
                Duration.ofSeconds(90), "RMS authorization");
        connector.awaitFile(connector.home.resolve("data/demo/EXCH01.p12"), Duration.ofSeconds(10));
        SSLContext exch01 = BoundedLoad.clientContext(connector.home.resolve("data/demo/EXCH01.p12"),
                secret(connector, "data/demo-password"), connector.home.resolve("data/tls/connector.p12"),
                secret(connector, "data/tls-password"));

        StringBuilder report = new StringBuilder("=== kill -9 of one of two cloud nodes under load\n");
        BoundedLoad load = BoundedLoad.start(new BoundedLoad.Spec("exch01-cloud-kill", exch01,
                connector.ports.httpsPort, "exchange", BoundedLoad.TEMPLATES, THREADS, PAUSE_MS, PER_CONNECTION, 0,
                false));
        try {
            Await.until(Duration.ofSeconds(60), () -> load.successes.get() >= 100,
                    "100 relayed calls served before the kill", load::report);
            long failuresBefore = load.failureCount();
            // the connector speaks HTTP/2 to the cloud: a connection, balanced once, carries many relayed calls;
            // the node whose connections carry the load (bytes sent back in the last second) is the one killed.
            // Caveat seen in runs: in mode tcp HAProxy's byte counters stayed 0 over that second, so the pick falls
            // back to cloud-2; the report's retry counts tell whether the kill hit relayed calls.
            Map<String, Long> open = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            clouds.keySet().forEach(name -> bytes.put(name, -haProxy.bytesOut(name)));
            Thread.sleep(1000);
            clouds.keySet().forEach(name -> {
                open.put(name, haProxy.currentSessions(name));
                bytes.merge(name, haProxy.bytesOut(name), Long::sum);
            });
            String victim = bytes.get("cloud-1") > bytes.get("cloud-2") ? "cloud-1" : "cloud-2";
            String survivor = victim.equals("cloud-1") ? "cloud-2" : "cloud-1";
            ProcessHandle java = clouds.get(victim).processHandle();
            assertTrue("bin/rms-cloud execs java: the process to kill is the JVM",
                    java.info().command().orElse("?").endsWith("/java"));
            long servedBySurvivor = haProxy.totalSessions(survivor);
            int inFlight = load.inFlight.get();
            long killed = System.nanoTime();
            assertTrue("SIGKILL ends it", clouds.get(victim).kill(Duration.ofSeconds(10)));
            line(report, "warm-up: " + load.successes.get() + " calls served, " + failuresBefore + " failed; HAProxy"
                    + " connections open per cloud node " + open + ", bytes sent in the last second " + bytes);
            line(report, victim + " (pid " + java.pid() + ") killed with " + inFlight + " calls in flight (of "
                    + THREADS + " workers)");
            haProxy.awaitStatus(victim, "DOWN", Duration.ofSeconds(10));
            long down = System.nanoTime();
            line(report, "HAProxy DOWN after " + millis(killed, down) + " ms; failures so far: "
                    + (load.failureCount() - failuresBefore));
            long okAtDown = load.successes.get();
            Await.until(Duration.ofSeconds(30), () -> System.nanoTime() - down > WATCH_AFTER_DOWN.toNanos()
                    && load.successes.get() >= okAtDown + 100, "the load served for "
                    + WATCH_AFTER_DOWN.toSeconds() + " s after the node is out", load::report);
            load.close();
            long lastFailure = load.failures.stream().mapToLong(f -> f.nanos() - killed).max().orElse(0);
            line(report, "calls served in the " + millis(down, System.nanoTime()) + " ms after HAProxy took "
                    + victim + " out: " + (load.successes.get() - okAtDown) + "; " + survivor + " took "
                    + (haProxy.totalSessions(survivor) - servedBySurvivor) + " new connections");
            line(report, "failures: " + load.failureCount() + " in all, " + (load.failureCount() - failuresBefore)
                    + " after the kill, the last " + lastFailure / 1_000_000 + " ms after it; of calls started after"
                    + " HAProxy took the node out: " + load.failuresOfCallsStartedAfter(down) + "; ended after: "
                    + load.failuresAfter(down));
            List<String> connectorLog = lines(connector.home.resolve("log/connector.log"));
            line(report, "relayed calls the connector tried again because the JDK client had resent their"
                    + " assertion to the other node (401 replayed_assertion): "
                    + connectorLog.stream().filter(l -> l.contains(RESENT)).count() + "; attempts the connector"
                    + " made again in all: " + connectorLog.stream().filter(l -> RETRIED.matcher(l).find()).count());
            report.append(load.report());
            String text = report(report);
            assertEquals("no failure before the kill: " + text, 0, failuresBefore);
            assertTrue("at most the calls in flight fail (at most " + THREADS + "): " + text,
                    load.failureCount() <= THREADS);
            assertTrue("every failure ends within " + FAILURE_WINDOW.toSeconds() + " s of the kill: " + text,
                    lastFailure <= FAILURE_WINDOW.toNanos());
            assertEquals("no call started after HAProxy took the node out fails: " + text, 0,
                    load.failuresOfCallsStartedAfter(down));
            for (String category : load.categories().keySet()) {
                assertFalse("a lost cloud node is never an authentication refusal to the on-premises server, not "
                        + category + ": " + text, category.startsWith("HTTP 401") || category.startsWith("HTTP 403"));
            }
        } catch (AssertionError | Exception e) {
            if (!report.toString().contains("calls (")) {
                load.close();
                report.append("(ended early)\n").append(load.report());
                report(report);
            }
            throw e;
        } finally {
            load.close();
        }
    }

    private void startCloudNodesOnPostgres() throws Exception {
        HaProxy.assumeInstalled();
        assumePostgres();
        TestDatabase db = TestDatabase.in(TestDatabase.Kind.POSTGRESQL,
                Files.createTempDirectory(NodeHome.work(), "postgresql-"));

        cloud1 = onPostgres(InstalledNode.install(), db).start("rms-cloud");
        awaitServing(cloud1);
        cloud2 = onPostgres(sameTenantAs(cloud1, InstalledNode.install()), db).start("rms-cloud");
        awaitServing(cloud2);
        for (InstalledNode cloud : new InstalledNode[] {cloud1, cloud2}) {
            awaitLog(cloud, "listening for changes other cloud nodes make", Duration.ofSeconds(10));
        }
    }

    private static void line(StringBuilder report, String text) {
        report.append("  ").append(text).append('\n');
    }

    /** Prints the report and appends it to target/postgres-cloud-nodes-report.txt; returns it for messages. */
    private static String report(StringBuilder report) throws IOException {
        String text = report.toString();
        System.out.print("[PostgresCloudNodesIT] " + text);
        Files.writeString(NodeHome.work().resolveSibling("postgres-cloud-nodes-report.txt"), text,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return "\n" + text;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static char[] secret(InstalledNode node, String file) throws IOException {
        return Files.readString(node.home.resolve(file)).strip().toCharArray();
    }

    private static void assumePostgres() {
        if (!TestDatabase.postgresAvailable()) {
            String message = "PostgreSQL is not installed (apt-get install postgresql)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ": required on CI");
            }
            Assume.assumeTrue(message + "; skipped", false);
        }
    }

    /** Points the node's cloud service at the PostgreSQL database (the etc/ file an operator edits). */
    private static InstalledNode onPostgres(InstalledNode node, TestDatabase db) throws IOException {
        Path cfg = node.home.resolve("etc/cloud/org.apache.aries.tx.control.jdbc.local-rms-cloud.cfg");
        String text = Files.readString(cfg)
                .replaceFirst("(?m)^osgi\\.jdbc\\.driver\\.class=org\\.h2\\.Driver$", "#$0")
                .replaceFirst("(?m)^url=jdbc:h2:.*$", "#$0")
                .replaceFirst("(?m)^#osgi\\.jdbc\\.driver\\.class=org\\.postgresql\\.Driver$",
                        "osgi.jdbc.driver.class=org.postgresql.Driver")
                .replaceFirst("(?m)^#url=jdbc:postgresql:.*$", "url=" + db.url())
                .replaceFirst("(?m)^#user=.*$", "user=" + db.user())
                .replaceFirst("(?m)^#password=", "password=");
        assertTrue(text, text.contains("url=" + db.url()) && text.contains("password=$[secret:cloud-db-password]"));
        Files.writeString(cfg, text);
        // the test cluster trusts local connections; the secret is still read, as on a real install
        Files.createDirectories(node.home.resolve("data"));
        Files.writeString(node.home.resolve("data/cloud-db-password"), "not-checked-by-the-test-cluster");
        return node;
    }

    /** Gives the second node the first one's tenant key stores and TLS identity, as an administrator installs it. */
    private static InstalledNode sameTenantAs(InstalledNode first, InstalledNode second) throws IOException {
        for (String file : new String[] {"cloud/tenant-key.p12", "cloud/license-signing-key.p12",
            "cloud-keystore-password", "tls/connector.p12", "tls-password"}) {
            Path from = first.home.resolve("data").resolve(file);
            if (Files.exists(from)) {
                Path to = second.home.resolve("data").resolve(file);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return second;
    }

    private static void awaitServing(InstalledNode cloud) throws Exception {
        cloud.awaitFile(cloud.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        cloud.await(cloud.client(), HttpRequest.newBuilder(cloud.cloud(HEALTH)).build(), 200, Duration.ofSeconds(60),
                "\"tenantId\"");
    }

    /** A connector node whose cloud is the load-balanced address, registered by cloud node 1's demo administrator. */
    private static InstalledNode connectorThrough(int port, InstalledNode cloud) throws Exception {
        InstalledNode node = InstalledNode.install();
        // trust the cloud's certificate: the same TLS identity (test shortcut, as in TwoNodesIT)
        Path tls = Files.createDirectories(node.home.resolve("data/tls"));
        Files.copy(cloud.home.resolve("data/tls/connector.p12"), tls.resolve("connector.p12"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cloud.home.resolve("data/tls-password"), node.home.resolve("data/tls-password"),
                StandardCopyOption.REPLACE_EXISTING);
        Path transport = node.home.resolve("etc/org.rmsconnector.transport.cfg");
        Files.writeString(transport, Files.readString(transport)
                .replaceAll("cloud\\.url=.*", "cloud.url=https://127.0.0.1:" + port)
                .replaceAll("(?m)^connector\\.name=.*$", "connector.name=pg-it")
                .replace("registration.password.file=${rms.home}/data/cloud/demo/admin@contoso.com.password",
                        "registration.password.file=" + cloud.home.resolve("data/cloud/demo/admin@contoso.com.password")));
        return node.start();
    }

    private static String adminBasic(InstalledNode cloud) throws IOException {
        String password = Files.readString(cloud.home.resolve("data/cloud/demo/admin@contoso.com.password")).strip();
        return "Basic " + Base64.getEncoder().encodeToString(("admin@contoso.com:" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String registerConnector(InstalledNode cloud, String name, KeyPair key) throws Exception {
        HttpResponse<String> r = cloud.client().send(HttpRequest.newBuilder(cloud.cloud("/_wmcs/admin/connectors"))
                .header("Authorization", adminBasic(cloud)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"publicJwk\":"
                        + PublicJwk.of((RSAPublicKey) key.getPublic()).toJson() + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 201, r.statusCode());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(r.body(), id.find());
        return id.group(1);
    }

    private static HttpResponse<String> changes(InstalledNode cloud, String authorization) throws Exception {
        return cloud.client().send(HttpRequest.newBuilder(cloud.cloud("/_wmcs/admin/authorized-servers/changes?since=0"))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitLog(InstalledNode node, String text, Duration deadline) throws Exception {
        Path log = node.home.resolve("log/cloud.log");
        Await.until(deadline, () -> lines(log).stream().anyMatch(line -> line.contains(text)),
                "'" + text + "' in " + log, () -> String.join("\n", lines(log)));
    }

    private static void awaitEvent(InstalledNode node, String account, Duration deadline) throws Exception {
        Path events = node.home.resolve("log/events.log");
        Await.until(deadline, () -> lines(events).stream()
                        .anyMatch(line -> line.contains("event=1004") && line.contains(account)),
                "event 1004 naming " + account + " on " + node.home, () -> String.join("\n", lines(events)));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
