package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.rmsconnector.testing.Await;

/**
 * Two connector nodes and one cloud service (bin/rms-cloud), as a real deployment has them: an authorization change
 * made in the cloud is in force on both nodes within 2 s (the long-polled change feed), with no restart.
 */
public class TwoNodesIT {

    private InstalledNode cloud;
    private InstalledNode nodeA;
    private InstalledNode nodeB;

    @After
    public void stop() throws InterruptedException {
        for (InstalledNode n : new InstalledNode[] {nodeA, nodeB, cloud}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    public void anAuthorizationChangeReachesBothNodesWithinTwoSeconds() throws Exception {
        cloud = InstalledNode.install().start("rms-cloud");
        cloud.awaitFile(cloud.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        cloud.await(cloud.client(), HttpRequest.newBuilder(cloud.cloud("/_wmcs/licensing/server.asmx")).build(), 200,
                Duration.ofSeconds(60), "\"tenantId\"");
        nodeA = connectorOf(cloud, "node-a");
        nodeB = connectorOf(cloud, "node-b");
        for (InstalledNode node : new InstalledNode[] {nodeA, nodeB}) {
            node.await(node.client(), HttpRequest.newBuilder(node.connector("/health")).build(), 200,
                    Duration.ofSeconds(60), "RMS authorization");
        }

        String adminPassword = Files.readString(cloud.home.resolve("data/cloud/demo/admin@contoso.com.password")).strip();
        String basic = Base64.getEncoder().encodeToString(("admin@contoso.com:" + adminPassword)
                .getBytes(StandardCharsets.UTF_8));
        long changed = System.nanoTime();
        HttpResponse<String> added = cloud.client().send(HttpRequest.newBuilder(
                cloud.cloud("/_wmcs/admin/authorized-servers")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"account\":\"NEW01$\",\"kind\":\"computer\",\"role\":\"sharepoint\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(added.body(), 201, added.statusCode());

        for (InstalledNode node : new InstalledNode[] {nodeA, nodeB}) {
            awaitEvent(node, "NEW01$", Duration.ofSeconds(2).minusNanos(System.nanoTime() - changed));
        }
        System.out.printf("authorization change in force on both nodes after %d ms%n",
                (System.nanoTime() - changed) / 1_000_000);
    }

    @Test
    public void theCloudStoppedGives503WithRetryAfterAndTheConnectorRecoversByItself() throws Exception {
        cloud = InstalledNode.install().start("rms-cloud");
        cloud.awaitFile(cloud.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        cloud.await(cloud.client(), HttpRequest.newBuilder(cloud.cloud("/_wmcs/licensing/server.asmx")).build(), 200,
                Duration.ofSeconds(60), "\"tenantId\"");
        nodeA = connectorOf(cloud, "node-a");
        nodeA.await(nodeA.client(), HttpRequest.newBuilder(nodeA.connector("/health")).build(), 200,
                Duration.ofSeconds(60), "RMS authorization");
        assertEquals(0, exchange(nodeA).exit());

        assertTrue(cloud.stop(Duration.ofSeconds(30)));
        InstalledNode.Run down = exchange(nodeA);
        assertEquals(down.err(), 3, down.exit());
        assertTrue(down.err(), down.err().contains("503"));
        assertTrue(down.err(), down.err().contains("Try again in"));
        awaitEvent(nodeA, "event=3001", Duration.ofSeconds(30));

        cloud.start("rms-cloud");
        awaitServed(nodeA, Duration.ofSeconds(60), "served again without restarting the connector");
    }

    @Test
    public void aNodeRegisteredByItsAdministratorWithRmsctlServesWithoutARestart() throws Exception {
        cloud = InstalledNode.install().start("rms-cloud");
        cloud.awaitFile(cloud.home.resolve("data/tls/connector.p12"), Duration.ofSeconds(30));
        cloud.await(cloud.client(), HttpRequest.newBuilder(cloud.cloud("/_wmcs/licensing/server.asmx")).build(), 200,
                Duration.ofSeconds(60), "\"tenantId\"");
        // a node installed without registration settings: it waits for its administrator
        nodeA = connectorOf(cloud, "node-c", false);
        nodeA.awaitFile(nodeA.home.resolve("data/console-password"), Duration.ofSeconds(60));
        nodeA.await(nodeA.client(), HttpRequest.newBuilder(nodeA.connector("/admin/api/server-configuration"
                + "?workload=fci&connector=https://rms.contoso.com")).build(), 200, Duration.ofSeconds(60), null);
        InstalledNode.Run unregistered = exchange(nodeA);
        assertTrue("not registered: no authorized list, not served: " + unregistered.err(), unregistered.exit() != 0);
        assertTrue(!Files.exists(nodeA.home.resolve("data/connector/connector.p12")));

        String[] register = {"connector", "register", "--connector", nodeA.connector("").toString(),
            "--password-file", nodeA.home.resolve("data/console-password").toString(),
            "--trust-store", nodeA.home.resolve("data/tls/connector.p12").toString(),
            "--trust-store-password-file", nodeA.home.resolve("data/tls-password").toString(),
            "--cloud-user", "admin@contoso.com",
            "--cloud-password-file", cloud.home.resolve("data/cloud/demo/admin@contoso.com.password").toString(),
            "--name", "node-c"};
        InstalledNode.Run registered = nodeA.rmsctl(java.util.Map.of(), Duration.ofSeconds(60), register);
        assertEquals(registered.out() + registered.err(), 0, registered.exit());
        assertTrue("credentials encrypted at rest", Files.exists(nodeA.home.resolve("data/connector/connector.p12")));
        String cloudPassword = Files.readString(cloud.home.resolve("data/cloud/demo/admin@contoso.com.password"))
                .strip();
        for (Path log : new Path[] {nodeA.home.resolve("log/connector.log"), nodeA.output}) {
            assertTrue("the administrator's password is never logged: " + log,
                    !Files.readString(log).contains(cloudPassword));
        }
        awaitServed(nodeA, Duration.ofSeconds(30), "served after registration, without a restart");

        InstalledNode.Run again = nodeA.rmsctl(java.util.Map.of(), Duration.ofSeconds(60), register);
        assertEquals("a second registration is refused: " + again.err(), 1, again.exit());
        assertTrue(again.err(), again.err().contains("already registered"));
    }

    /** Until an Exchange server's templates call through {@code node} succeeds, within {@code deadline}. */
    private static void awaitServed(InstalledNode node, Duration deadline, String what) throws Exception {
        String[] last = {""};
        Await.until(deadline, () -> {
            try {
                InstalledNode.Run run = exchange(node);
                last[0] = run.err();
                return run.exit() == 0;
            } catch (Exception e) {
                last[0] = e.toString();
                return false;
            }
        }, what, () -> last[0]);
    }

    private static InstalledNode.Run exchange(InstalledNode node) throws Exception {
        return node.rmsctl(java.util.Map.of("RMS_SERVICE_URL", node.connector("").toString()), Duration.ofSeconds(60),
                "--client-cert", node.home.resolve("data/demo/EXCH01.p12").toString(), "--client-cert-password-file",
                node.home.resolve("data/demo-password").toString(), "--workload", "exchange", "--home",
                node.home.resolve("rmsctl-home").toString(), "templates");
    }

    /** A connector node that uses {@code cloud} instead of the service it embeds, registered as its administrator. */
    private static InstalledNode connectorOf(InstalledNode cloud, String name) throws Exception {
        return connectorOf(cloud, name, true);
    }

    /** As above; without {@code register}, the node has no registration settings and waits for its administrator. */
    private static InstalledNode connectorOf(InstalledNode cloud, String name, boolean register) throws Exception {
        InstalledNode node = InstalledNode.install();
        // trust the cloud's certificate: give the node the same TLS identity (test shortcut; a real node would have
        // the cloud's CA in its trust store)
        Path tls = Files.createDirectories(node.home.resolve("data/tls"));
        Files.copy(cloud.home.resolve("data/tls/connector.p12"), tls.resolve("connector.p12"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cloud.home.resolve("data/tls-password"), node.home.resolve("data/tls-password"),
                StandardCopyOption.REPLACE_EXISTING);
        Path transport = node.home.resolve("etc/org.rmsconnector.transport.cfg");
        String cfg = Files.readString(transport)
                .replaceAll("cloud\\.url=.*", "cloud.url=https://127.0.0.1:" + cloud.ports.cloudPort)
                // two nodes on one host: each needs its own connector name (by default, the host name)
                .replaceAll("(?m)^connector\\.name=.*$", "connector.name=" + name)
                // recover within the test's patience: probe the cloud again after 2 s instead of 30 s
                .replaceAll("(?m)^breaker\\.open\\.ms=.*$", "breaker.open.ms=2000")
                .replace("registration.password.file=${rms.home}/data/cloud/demo/admin@contoso.com.password",
                        "registration.password.file=" + cloud.home.resolve("data/cloud/demo/admin@contoso.com.password"));
        if (!register) {
            cfg = cfg.replaceAll("(?m)^registration\\.(user|password\\.file)=.*$", "registration.$1=");
        }
        Files.writeString(transport, cfg);
        return node.start();
    }

    private static void awaitEvent(InstalledNode node, String text, Duration deadline) throws Exception {
        Path events = node.home.resolve("log/events.log");
        Await.until(deadline, () -> lines(events).stream().anyMatch(line -> text.startsWith("event=")
                ? line.contains(text) : line.contains("event=1004") && line.contains(text)),
                "an event matching " + text + " on " + node.home, () -> String.join("\n", lines(events)));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
