package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.rmsconnector.testing.Await;

/**
 * Zero-downtime operations, proved from outside as an operator would run them: a standalone cloud service
 * ({@code bin/rms-cloud}), two connector nodes using it ({@code bin/rms-connector}), and a real HAProxy in front of
 * them (TLS passthrough, {@code /health} checks), with the demo Exchange server (EXCH01) calling the relay through
 * HAProxy all the time ({@link BoundedLoad}: 8 threads, no retries, every failure counted by category).
 * <p>
 * The scenarios share one environment (starting three JVMs per scenario would not fit the time budget on a two-core
 * machine) and run in name order; each begins by bringing back whatever an earlier one left down, and fails on its
 * own, so one scenario's failure does not hide another's counts. The assertions say how the product should behave:
 * <ol>
 * <li>a rolling restart (SIGTERM, start, both nodes in turn) fails no call;</li>
 * <li>swapping the Exchange adapter's jar in {@code deploy/} on one node (a new version over it; removed for 2 s and
 * put back) fails no call;</li>
 * <li>while the cloud service restarts, calls get only {@code 503} with {@code Retry-After}, and the nodes recover
 * by themselves;</li>
 * <li>one server's burst (SP01, 150 concurrent calls) fails none of another server's calls (EXCH01); the bursting
 * server may get {@code 429};</li>
 * <li>{@code kill -9} of a node fails at most the calls in flight (at most the load's concurrency), none after
 * HAProxy has taken the node out.</li>
 * </ol>
 * Each scenario's counts are printed (System.out: {@code target/failsafe-reports/...OperationsIT-output.txt}),
 * appended to {@code target/operations-it-report.txt}, and are part of every assertion's message.
 * <p>
 * Run alone (after {@code mvn install -DskipTests}): {@code mvn verify -pl itests -Dit.test=OperationsIT}; one
 * scenario: {@code -Dit.test='OperationsIT#scenario3*'} (the environment is started for it all the same). Needs
 * {@code /usr/sbin/haproxy} (or {@code HAPROXY=/path}); skipped without it, except on CI ({@code CI=true}), where
 * that fails.
 * <p>
 * Tuning (system properties): {@code ops.threads} (8), {@code ops.pause.ms} (25, between one worker's calls),
 * {@code ops.requests.per.connection} (50), {@code ops.burst} (150 connections), {@code ops.burst.calls} (3 calls on
 * each).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OperationsIT {

    static final int THREADS = Integer.getInteger("ops.threads", 8);
    static final long PAUSE_MS = Long.getLong("ops.pause.ms", 25);
    static final int PER_CONNECTION = Integer.getInteger("ops.requests.per.connection", 50);
    static final int BURST = Integer.getInteger("ops.burst", 150);
    static final int BURST_CALLS = Integer.getInteger("ops.burst.calls", 3);
    static final String A = "node-a";
    static final String B = "node-b";
    private static final Duration START = Duration.ofSeconds(120);

    private static InstalledNode cloud;
    private static InstalledNode nodeA;
    private static InstalledNode nodeB;
    private static HaProxy haProxy;
    private static SSLContext exch01;
    private static SSLContext sp01;
    private static Path work;
    private static Thread cleanup;

    // --- the environment

    @BeforeClass
    public static void startAll() throws Exception {
        HaProxy.assumeInstalled();
        work = Files.createTempDirectory(NodeHome.work(), "operations-");
        // if the test JVM is killed (a CI timeout), do not leave three JVMs and an HAProxy behind
        cleanup = new Thread(OperationsIT::stopQuietly, "operations-it-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            long t0 = System.nanoTime();
            cloud = InstalledNode.install().start("rms-cloud");
            cloud.awaitFile(cloud.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
            awaitCloud();
            nodeA = connectorOf(cloud, A, null);
            // node B is given node A's demo PKI before its first start: A's launcher must have made all of it (it
            // prints this line last, before it starts the JVM); then both start at the same time
            Await.until(START, () -> output(nodeA).contains("created demo client certificates"),
                    "node-a's launcher made its demo PKI", () -> output(nodeA));
            nodeB = connectorOf(cloud, B, nodeA);
            awaitHealth(nodeA);
            awaitHealth(nodeB);
            haProxy = HaProxy.start(work, orderedMap(A, nodeA.ports.httpsPort, B, nodeB.ports.httpsPort));
            char[] demoPassword = secret(nodeA, "data/demo-password");
            char[] tlsPassword = secret(nodeA, "data/tls-password");
            Path trust = nodeA.home.resolve("data/tls/connector.p12");
            exch01 = BoundedLoad.clientContext(nodeA.home.resolve("data/demo/EXCH01.p12"), demoPassword, trust,
                    tlsPassword);
            sp01 = BoundedLoad.clientContext(nodeA.home.resolve("data/demo/SP01.p12"), demoPassword, trust,
                    tlsPassword);
            print("environment: cloud :" + cloud.ports.cloudPort + ", " + A + " :" + nodeA.ports.httpsPort + ", " + B
                    + " :" + nodeB.ports.httpsPort + ", HAProxy :" + haProxy.port + " (stats :" + haProxy.statsPort
                    + "), started in " + seconds(t0));
        } catch (Throwable t) {
            stopQuietly();
            throw t;
        }
    }

    @AfterClass
    public static void stopAll() {
        stopQuietly();
        if (cleanup != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private static void stopQuietly() {
        for (AutoCloseable c : new AutoCloseable[] {haProxy, nodeA, nodeB, cloud}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
        }
    }

    /** Each scenario starts from everything up: what an earlier one stopped or killed is started again. */
    @Before
    public void everythingUp() throws Exception {
        if (!cloud.isAlive()) {
            cloud.start("rms-cloud");
        }
        awaitCloud();
        for (InstalledNode node : new InstalledNode[] {nodeA, nodeB}) {
            if (!node.isAlive()) {
                node.start();
            }
        }
        for (InstalledNode node : new InstalledNode[] {nodeA, nodeB}) {
            awaitHealth(node);
            haProxy.awaitStatus(name(node), "UP", Duration.ofSeconds(30));
            awaitRelays(node);
        }
    }

    /** Threads and resident memory of each node after each scenario: growth over the run would show here. */
    @After
    public void resources() throws IOException {
        StringBuilder line = new StringBuilder("  resources after the scenario:");
        for (InstalledNode node : new InstalledNode[] {nodeA, nodeB, cloud}) {
            if (node == null || !node.isAlive()) {
                continue;
            }
            Path status = Path.of("/proc/" + node.processHandle().pid() + "/status");
            if (!Files.exists(status)) {
                continue;
            }
            String threads = "?";
            String rss = "?";
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("Threads:")) {
                    threads = l.substring(8).trim();
                } else if (l.startsWith("VmRSS:")) {
                    rss = Long.parseLong(l.replaceAll("\\D", "")) / 1024 + " MB";
                }
            }
            line.append(' ').append(node == cloud ? "cloud" : name(node)).append(": ").append(threads)
                    .append(" threads, RSS ").append(rss).append(';');
        }
        print(line.toString());
    }

    // --- the scenarios

    /** The harness itself: both nodes serve the same client certificate, HAProxy spreads the load over both. */
    @Test
    public void scenario0_baselineBothNodesServeThroughHaProxy() throws Exception {
        Phase phase = new Phase("scenario 0: baseline, everything up");
        try (BoundedLoad load = phase.track(exchangeLoad("exch01-baseline"))) {
            awaitServing(load, phase);
            long before = load.successes.get();
            Await.until(Duration.ofSeconds(30), () -> load.successes.get() >= before + 200,
                    "200 more calls served", load::report);
            load.close();
            phase.load(load);
            phase.print();
            assertEquals(phase.text(), 0, load.failureCount());
            assertTrue(phase.text(), load.perNode().getOrDefault(A, 0L) >= 20);
            assertTrue(phase.text(), load.perNode().getOrDefault(B, 0L) >= 20);
            assertEquals("the load only knows node-a and node-b: " + phase.text(), 2, load.perNode().size());
        } finally {
            phase.printIfNot();
        }
    }

    /** Rolling restart by SIGTERM: stop A, start it, wait until it is up and in HAProxy's pool; then B. */
    @Test
    public void scenario1_rollingRestartBySigtermFailsNoCall() throws Exception {
        Phase phase = new Phase("scenario 1: rolling restart (SIGTERM, start) of node-a then node-b");
        try (BoundedLoad load = phase.track(exchangeLoad("exch01-rolling-restart"))) {
            awaitServing(load, phase);
            for (InstalledNode node : new InstalledNode[] {nodeA, nodeB}) {
                String name = name(node);
                long t0 = System.nanoTime();
                long failuresBefore = load.failureCount();
                assertTrue(name + " stops within 60 s of SIGTERM", node.stop(Duration.ofSeconds(60)));
                phase.add(name + ": SIGTERM -> exited after " + seconds(t0) + " (failures so far: "
                        + (load.failureCount() - failuresBefore) + ")");
                haProxy.awaitStatus(name, "DOWN", Duration.ofSeconds(10));
                phase.add(name + ": HAProxy DOWN after " + seconds(t0));
                node.start();
                awaitHealth(node);
                phase.add(name + ": /health 200 again after " + seconds(t0));
                haProxy.awaitStatus(name, "UP", Duration.ofSeconds(30));
                phase.add(name + ": HAProxy UP after " + seconds(t0));
                long served = load.perNode().getOrDefault(name, 0L);
                Await.until(Duration.ofSeconds(60), () -> load.perNode().getOrDefault(name, 0L) >= served + 20,
                        name + " serves the load again", load::report);
                phase.add(name + ": serving the load again after " + seconds(t0) + "; failures during its restart: "
                        + (load.failureCount() - failuresBefore));
            }
            load.close();
            phase.load(load);
            phase.print();
            assertEquals("no call fails during a rolling restart: " + phase.text(), 0, load.failureCount());
        } finally {
            phase.printIfNot();
        }
    }

    /** The Exchange adapter's jar in node A's deploy/: a new version over it, then out for 2 s and back in. */
    @Test
    public void scenario2_swappingTheExchangeAdapterJarFailsNoCall() throws Exception {
        Phase phase = new Phase("scenario 2: Exchange adapter jar swapped on node-a (deploy/)");
        Path jar;
        try (Stream<Path> jars = Files.list(nodeA.home.resolve("deploy"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("rms-exchange")
                    && p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no rms-exchange*.jar in " + nodeA.home.resolve("deploy")));
        }
        String version = "0.1.0.swap" + System.currentTimeMillis();
        Path staged = DemoServers.withBundleVersion(jar, work.resolve("staged-" + jar.getFileName()), version);
        Path aside = work.resolve(jar.getFileName());
        try (BoundedLoad load = phase.track(exchangeLoad("exch01-adapter-swap"))) {
            awaitServing(load, phase);
            // (a) a new version over the jar (atomic: FileInstall sees the old file or the new one)
            long t0 = System.nanoTime();
            Files.move(staged, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            awaitBundle(nodeA, "org.rmsconnector.exchange", version, Duration.ofSeconds(30));
            phase.add("(a) replaced by version " + version + ": Active after " + seconds(t0) + ", failures: "
                    + load.failureCount());
            awaitMoreOn(load, A, 50);
            long afterA = load.failureCount();
            phase.add("(a) node-a serves the new bundle; failures so far: " + afterA);
            // (b) moved out, back in after 2 s
            long t1 = System.nanoTime();
            Files.move(jar, aside, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(2_000); // the scenario: the jar is away for about 2 s
            Files.move(aside, jar, StandardCopyOption.ATOMIC_MOVE);
            phase.add("(b) moved out and back after " + seconds(t1) + ", failures during (b) so far: "
                    + (load.failureCount() - afterA));
            awaitBundle(nodeA, "org.rmsconnector.exchange", version, Duration.ofSeconds(30));
            phase.add("(b) Active again after " + seconds(t1));
            awaitMoreOn(load, A, 50);
            phase.add("(b) node-a serves again; failures during (b): " + (load.failureCount() - afterA));
            load.close();
            phase.load(load);
            phase.print();
            assertEquals("no call fails while the Exchange adapter is swapped: " + phase.text(), 0,
                    load.failureCount());
        } finally {
            if (!Files.exists(jar) && Files.exists(aside)) {
                Files.move(aside, jar, StandardCopyOption.ATOMIC_MOVE);
            }
            phase.printIfNot();
        }
    }

    /** The cloud service restarted (SIGTERM, start): only 503 with Retry-After meanwhile, then served again. */
    @Test
    public void scenario3_cloudRestartGivesOnly503WithRetryAfterAndTheNodesRecover() throws Exception {
        Phase phase = new Phase("scenario 3: cloud service restarted (SIGTERM, start)");
        long pidA = nodeA.processHandle().pid();
        long pidB = nodeB.processHandle().pid();
        try (BoundedLoad load = phase.track(exchangeLoad("exch01-cloud-restart"))) {
            awaitServing(load, phase);
            long t0 = System.nanoTime();
            assertTrue("the cloud stops within 60 s of SIGTERM", cloud.stop(Duration.ofSeconds(60)));
            phase.add("cloud: SIGTERM -> exited after " + seconds(t0) + ", failures so far: " + load.failureCount());
            cloud.start("rms-cloud");
            awaitCloud();
            phase.add("cloud: answering again after " + seconds(t0) + ", failures so far: " + load.failureCount());
            long okA = load.perNode().getOrDefault(A, 0L);
            long okB = load.perNode().getOrDefault(B, 0L);
            Await.until(Duration.ofSeconds(60), () -> load.perNode().getOrDefault(A, 0L) >= okA + 10
                    && load.perNode().getOrDefault(B, 0L) >= okB + 10, "both nodes serve again", load::report);
            long recovered = System.nanoTime();
            phase.add("both nodes serving again after " + seconds(t0) + ", failures: " + load.failureCount());
            Thread.sleep(3_000); // watch 3 s more: recovered means no failure afterwards
            load.close();
            phase.load(load);
            phase.add("failures in the 3 s after recovery: " + load.failuresAfter(recovered));
            phase.print();
            for (Map.Entry<String, Long> c : load.categories().entrySet()) {
                assertTrue("only 503 with Retry-After while the cloud restarts, not " + c.getKey() + ": "
                        + phase.text(), c.getKey().startsWith("HTTP 503 ") && c.getKey().endsWith(" with Retry-After"));
            }
            assertEquals("no failure after recovery: " + phase.text(), 0, load.failuresAfter(recovered));
            assertTrue("no node restarted", nodeA.isAlive() && nodeB.isAlive()
                    && nodeA.processHandle().pid() == pidA && nodeB.processHandle().pid() == pidB);
        } finally {
            phase.printIfNot();
        }
    }

    /** SP01 fires a burst of concurrent calls while EXCH01's load runs: EXCH01 must not notice. */
    @Test
    public void scenario4_oneServersBurstFailsNoCallOfAnother() throws Exception {
        Phase phase = new Phase("scenario 4: SP01 bursts " + BURST + " concurrent connections x " + BURST_CALLS
                + " calls while EXCH01's load runs");
        try (BoundedLoad load = phase.track(exchangeLoad("exch01-beside-burst"))) {
            awaitServing(load, phase);
            long t0 = System.nanoTime();
            BoundedLoad burst = phase.track(BoundedLoad.burst("sp01-burst", sp01, haProxy.port, "sharepoint",
                    BoundedLoad.TEMPLATES, BURST, BURST_CALLS, Duration.ofSeconds(90)));
            phase.add("burst done after " + seconds(t0) + "; EXCH01 failures meanwhile: " + load.failureCount());
            long ok = load.successes.get();
            Await.until(Duration.ofSeconds(30), () -> load.successes.get() >= ok + 50, "EXCH01 keeps being served",
                    load::report);
            load.close();
            phase.load(load);
            phase.load(burst);
            phase.print();
            assertEquals("the burst made every call within its deadline: " + phase.text(), (long) BURST * BURST_CALLS,
                    burst.requests.get());
            assertEquals("another server's burst fails no EXCH01 call: " + phase.text(), 0, load.failureCount());
            for (String category : burst.categories().keySet()) {
                assertTrue("the bursting server gets answers or 429, not " + category + ": " + phase.text(),
                        category.startsWith("HTTP 429 "));
            }
        } finally {
            phase.printIfNot();
        }
    }

    /** kill -9 of node A: at most the calls in flight fail, none once HAProxy has taken it out. */
    @Test
    public void scenario5_killMinus9FailsAtMostTheCallsInFlight() throws Exception {
        Phase phase = new Phase("scenario 5: kill -9 of node-a");
        ProcessHandle java = nodeA.processHandle();
        String command = java.info().command().orElse("?");
        assertTrue("bin/rms-connector execs java: the process to kill is the JVM, not bash: " + command,
                command.endsWith("/java"));
        try (BoundedLoad load = phase.track(exchangeLoad("exch01-kill-9"))) {
            awaitServing(load, phase);
            int inFlight = load.inFlight.get();
            long killed = System.nanoTime();
            assertTrue("SIGKILL ends it", nodeA.kill(Duration.ofSeconds(10)));
            phase.add("node-a (pid " + java.pid() + ") killed with " + inFlight + " calls in flight (of " + THREADS
                    + " workers) through the load balancer");
            haProxy.awaitStatus(A, "DOWN", Duration.ofSeconds(10));
            long down = System.nanoTime();
            phase.add("HAProxy DOWN after " + seconds(killed) + "; failures so far: " + load.failureCount());
            long okB = load.perNode().getOrDefault(B, 0L);
            Await.until(Duration.ofSeconds(30), () -> load.perNode().getOrDefault(B, 0L) >= okB + 100
                    && System.nanoTime() - killed > Duration.ofSeconds(5).toNanos(), "node-b carries the load",
                    load::report);
            load.close();
            phase.load(load);
            phase.add("failures after HAProxy took node-a out: " + load.failuresAfter(down));
            phase.print();
            assertTrue("at most the calls in flight fail (at most " + THREADS + "): " + phase.text(),
                    load.failureCount() <= THREADS);
            assertEquals("no failure once HAProxy has taken node-a out: " + phase.text(), 0, load.failuresAfter(down));
        } finally {
            phase.printIfNot();
        }
    }

    // --- helpers

    private static BoundedLoad exchangeLoad(String name) {
        return BoundedLoad.start(new BoundedLoad.Spec(name, exch01, haProxy.port, "exchange", BoundedLoad.TEMPLATES,
                THREADS, PAUSE_MS, PER_CONNECTION, 0, false));
    }

    /** Until both nodes have served this load: the harness works and HAProxy balances, before anything is done. */
    private static void awaitServing(BoundedLoad load, Phase phase) throws InterruptedException {
        Await.until(Duration.ofSeconds(30), () -> load.perNode().getOrDefault(A, 0L) >= 5
                && load.perNode().getOrDefault(B, 0L) >= 5, "the load is served by both nodes", load::report);
        phase.add("warm-up: both nodes serving " + load.perNode() + ", failures before the action: "
                + load.failureCount());
    }

    private static void awaitMoreOn(BoundedLoad load, String node, long more) throws InterruptedException {
        long before = load.perNode().getOrDefault(node, 0L);
        Await.until(Duration.ofSeconds(60), () -> load.perNode().getOrDefault(node, 0L) >= before + more,
                node + " serves " + more + " more calls", load::report);
    }

    private static void awaitCloud() throws Exception {
        cloud.await(cloud.client(), HttpRequest.newBuilder(cloud.cloud("/_wmcs/licensing/server.asmx")).build(), 200,
                START, "\"tenantId\"");
    }

    private static void awaitHealth(InstalledNode node) throws Exception {
        node.await(node.client(), HttpRequest.newBuilder(node.connector("/health")).build(), 200, START, null);
    }

    /** Until one EXCH01 call made to the node directly (not through HAProxy) is served. */
    private static void awaitRelays(InstalledNode node) throws InterruptedException {
        String[] last = {""};
        Await.until(Duration.ofSeconds(60), () -> {
            try {
                BoundedLoad one = BoundedLoad.burst("check-" + name(node), exch01, node.ports.httpsPort, "exchange",
                        BoundedLoad.TEMPLATES, 1, 1, Duration.ofSeconds(30));
                last[0] = one.report();
                return one.successes.get() == 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, name(node) + " relays an EXCH01 call", () -> last[0]);
    }

    /** Until the Web Console of the node lists the bundle Active at the version. */
    private static void awaitBundle(InstalledNode node, String symbolicName, String version, Duration deadline)
            throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Files.readString(
                node.home.resolve("data/console-password")).strip()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(node.connector("/system/console/bundles.json"))
                .header("Authorization", auth).build();
        Pattern pattern = Pattern.compile("\\{[^{}]*\"symbolicName\":\"" + Pattern.quote(symbolicName)
                + "\"[^{}]*\\}");
        var client = node.client();
        String[] last = {""};
        Await.until(deadline, () -> {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher m = pattern.matcher(r.body());
                last[0] = m.find() ? m.group() : "(not listed)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (IOException e) {
                last[0] = e.toString();
            }
            return last[0].contains("\"version\":\"" + version) && last[0].contains("\"state\":\"Active\"");
        }, symbolicName + " Active at " + version + " on " + name(node), () -> last[0]);
    }

    /**
     * A connector node using the standalone cloud, as {@code TwoNodesIT.connectorOf} makes one, named {@code name}
     * in its transport settings and on its verification page (so the load can tell the nodes apart); when
     * {@code pkiOf} is given, with that node's demo PKI (see {@link #shareDemoPki}).
     */
    private static InstalledNode connectorOf(InstalledNode cloud, String name, InstalledNode pkiOf) throws Exception {
        InstalledNode node = InstalledNode.install();
        // trust the cloud's certificate: the same TLS identity as the cloud (test shortcut, as in TwoNodesIT)
        Path tls = Files.createDirectories(node.home.resolve("data/tls"));
        Files.copy(cloud.home.resolve("data/tls/connector.p12"), tls.resolve("connector.p12"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cloud.home.resolve("data/tls-password"), node.home.resolve("data/tls-password"),
                StandardCopyOption.REPLACE_EXISTING);
        Path transport = node.home.resolve("etc/org.rmsconnector.transport.cfg");
        Files.writeString(transport, Files.readString(transport)
                .replaceAll("cloud\\.url=.*", "cloud.url=https://127.0.0.1:" + cloud.ports.cloudPort)
                .replaceAll("(?m)^connector\\.name=.*$", "connector.name=" + name)
                .replaceAll("(?m)^breaker\\.open\\.ms=.*$", "breaker.open.ms=2000")
                .replace("registration.password.file=${rms.home}/data/cloud/demo/admin@contoso.com.password",
                        "registration.password.file=" + cloud.home.resolve(
                                "data/cloud/demo/admin@contoso.com.password")));
        Path relay = node.home.resolve("etc/org.rmsconnector.relay.cfg");
        String relayCfg = Files.readString(relay);
        assertTrue(relay + " still has node.name=", relayCfg.contains("\nnode.name=\n"));
        Files.writeString(relay, relayCfg.replace("\nnode.name=\n", "\nnode.name=" + name + "\n"));
        if (pkiOf != null) {
            shareDemoPki(pkiOf, node);
        }
        return node.start();
    }

    /**
     * Makes {@code to} (not started yet) accept and use the same demo client certificates as {@code from} (started,
     * so its launcher has made its demo PKI), the way the README tells an administrator to: {@code bin/rms-demo-trust
     * export} on the first node, {@code import} on the new one before its first start. Without it each node's
     * launcher makes its own demo CA and a server's certificate from one node is refused by the other (event 4020).
     */
    static void shareDemoPki(InstalledNode from, InstalledNode to) throws Exception {
        Path archive = from.home.getParent().resolve("demo-trust-" + System.nanoTime() + ".tar");
        InstalledNode.Run exported = from.script("rms-demo-trust", Map.of(), Duration.ofSeconds(30), "export",
                archive.toString());
        assertEquals(exported.out() + exported.err(), 0, exported.exit());
        InstalledNode.Run imported = to.script("rms-demo-trust", Map.of(), Duration.ofSeconds(30), "import",
                archive.toString());
        assertEquals(imported.out() + imported.err(), 0, imported.exit());
        Files.delete(archive);
    }

    private static String output(InstalledNode node) {
        try {
            return Files.exists(node.output) ? node.output() : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String name(InstalledNode node) {
        return node == nodeA ? A : B;
    }

    private static char[] secret(InstalledNode node, String file) throws IOException {
        return Files.readString(node.home.resolve(file)).strip().toCharArray();
    }

    private static Map<String, Integer> orderedMap(String k1, int v1, String k2, int v2) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static String seconds(long sinceNanos) {
        return String.format("%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }

    private static void print(String text) {
        System.out.println("[OperationsIT] " + text);
        try {
            Files.writeString(NodeHome.work().resolveSibling("operations-it-report.txt"), text + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("[OperationsIT] (report file not written: " + e + ")");
        }
    }

    /** What one scenario did and counted, printed once and part of its assertion messages. */
    private static final class Phase {
        private final StringBuilder text = new StringBuilder();
        private final long start = System.nanoTime();
        private final java.util.List<BoundedLoad> reported = new java.util.ArrayList<>();
        private final java.util.List<BoundedLoad> tracked = new java.util.ArrayList<>();
        private boolean printed;

        /** The load's counts go into the report even if the scenario ends early. */
        BoundedLoad track(BoundedLoad load) {
            tracked.add(load);
            return load;
        }

        Phase(String title) {
            text.append("=== ").append(title).append('\n');
        }

        void add(String line) {
            text.append("  ").append(seconds(start)).append(": ").append(line).append('\n');
        }

        void load(BoundedLoad load) {
            reported.add(load);
            text.append("  ").append(load.report().replace("\n", "\n  ").stripTrailing()).append('\n');
        }

        String text() {
            return "\n" + text;
        }

        void print() {
            printed = true;
            OperationsIT.print(text.toString().stripTrailing());
        }

        /** A scenario that failed before its counts: at least what it did so far. */
        void printIfNot() {
            if (!printed) {
                add("(ended early)");
                for (BoundedLoad load : tracked) {
                    if (!reported.contains(load)) {
                        load(load);
                    }
                }
                print();
            }
        }
    }
}
