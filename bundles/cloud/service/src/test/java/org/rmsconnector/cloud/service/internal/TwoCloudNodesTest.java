package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.assertRefused;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.channel.ChannelSession;
import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.testing.Await;
import org.rmsconnector.testing.TestDatabase;

/**
 * Two cloud service nodes of one tenant on one real PostgreSQL database, each with its own memory, as two
 * {@code bin/rms-cloud} processes behind a load balancer: what one node accepted the other refuses to accept again,
 * a session opened at one works at the other, and a change made through one wakes the long-polls held on the other
 * within 2 s. (Skipped where PostgreSQL is not installed, failing in CI: {@link TestDatabase}.)
 */
class TwoCloudNodesTest {

    private static final byte[] BODY = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
    private static final ActorAssertion.Binding LICENSE = ActorAssertion.Binding.of("POST",
            "/_wmcs/licensing/license.asmx", BODY);

    @TempDir
    Path tmp;

    private ServiceFixture node1;
    private ServiceFixture node2;
    private String connector;

    @BeforeEach
    void twoNodes() throws Exception {
        node1 = ServiceFixture.start(tmp.resolve("node1"), TestDatabase.Kind.POSTGRESQL);
        node2 = node1.secondNode(tmp.resolve("node2"));
        connector = node1.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
        node1.authorize("EXCH01$", "computer", "exchange");
    }

    @AfterEach
    void close() throws Exception {
        if (node2 != null) {
            node2.services.close();
        }
        if (node1 != null) {
            node1.close();
        }
    }

    @Test
    void withoutTheSharedReplayRegisterAssertionsAreRefused() throws Exception {
        node1.db.execute("ALTER TABLE used_assertion RENAME TO used_assertion_gone");
        try {
            ServiceFixture.assertRefused(503, "replay_check_unavailable", () -> node1.auth().authenticate(
                    node1.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, "EXCH01$", "EXCH01$", "exchange",
                            null, false), "r"));
        } finally {
            node1.db.execute("ALTER TABLE used_assertion_gone RENAME TO used_assertion");
        }
        node1.auth().authenticate(node1.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, "EXCH01$", "EXCH01$",
                "exchange", null, false), "r");
    }

    @Test
    void anActorAssertionReplayedAtTheOtherNodeIsRefused() throws Exception {
        String header = node1.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, "EXCH01$", "EXCH01$", "exchange",
                null, false);

        CloudCaller first = node1.auth().authenticate(header, "r1");

        assertEquals(ServerRole.EXCHANGE, first.role());
        assertRefused(401, "replayed_assertion", () -> node2.auth().authenticate(header, "r2"));
        // a fresh assertion is fine at either node (the connector and the list are read from the shared database)
        assertEquals(ServerRole.EXCHANGE, node2.auth().authenticate(node2.actorHeader(connector,
                ServiceFixture.CONNECTOR_KEY, "EXCH01$", "EXCH01$", "exchange", null, false), "r3").role());
    }

    @Test
    void aSessionOpenedAtOneNodeWorksAtTheOtherAndItsAssertionsAreAcceptedOnceAcrossBoth() throws Exception {
        byte[] key = ChannelSession.newKey();
        String compact = ChannelSession.issue(connector, key.clone(), node1.services.tenantKey().publicKey(),
                ServiceFixture.CONNECTOR_KEY.getPrivate(),
                Keys.thumbprint((RSAPublicKey) ServiceFixture.CONNECTOR_KEY.getPublic()), node1.clock.instant(),
                Duration.ofMinutes(30)).compact();
        String sessionId = node1.auth().openSession(compact).sessionId();

        // the session assertion itself cannot open a second session at the other node
        assertRefused(401, "replayed_assertion", () -> node2.auth().openSession(compact));

        String call = sessionCall(sessionId, key);
        CloudCaller atNode2 = node2.auth().authenticate(call, null, "r1", LICENSE);
        assertEquals(connector, atNode2.connectorId());
        assertRefused(401, "replayed_assertion", () -> node1.auth().authenticate(call, null, "r2", LICENSE));
        assertEquals(connector, node1.auth().authenticate(sessionCall(sessionId, key), null, "r3", LICENSE)
                .connectorId());

        // the connector removed through node 1: node 2, listening, refuses its session within 2 s
        TestDatabase db = node1.db;
        try (ChangesElsewhere listening = ChangesElsewhere.listen(node2.services.store(), () -> { },
                () -> DriverManager.getConnection(db.url(), db.user(), "")).orElseThrow()) {
            assertTrue(listening.awaitListening(Duration.ofSeconds(10)), "node 2 listens");
            node1.services.store().connectors().remove(connector);
            Await.until(Duration.ofSeconds(2), () -> refusedAtNode2(sessionId, key),
                    "node 2 refuses the removed connector's session");
        }
    }

    private boolean refusedAtNode2(String sessionId, byte[] key) {
        try {
            node2.auth().authenticate(sessionCall(sessionId, key), null, "r", LICENSE);
            return false;
        } catch (CloudException e) {
            return e.status() == 401;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String sessionCall(String sessionId, byte[] key) throws Exception {
        ActorAssertion.Claims claims = new ActorAssertion.Claims(connector, "EXCH01$", "EXCH01$", "exchange", null,
                false, "rid-1");
        return ActorAssertion.issue(claims, sessionId, key, LICENSE, node1.clock.instant()).authorizationHeader();
    }

    @Test
    void aChangeThroughOneNodeWakesALongPollHeldOnTheOtherWithinTwoSeconds() throws Exception {
        // node 2's feed re-reads the store only once a minute: only PostgreSQL's notification can wake it in time
        CloudAdminImpl feed2 = new CloudAdminImpl(node2.services.store(), node2.clock, "test", Duration.ofMinutes(1));
        TestDatabase db = node1.db;
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try (ChangesElsewhere listening = ChangesElsewhere.listen(node2.services.store(),
                feed2::authorizedServersChanged, () -> DriverManager.getConnection(db.url(), db.user(), ""))
                .orElseThrow()) {
            assertTrue(listening.awaitListening(Duration.ofSeconds(10)), "node 2 listens");
            long version = node1.services.store().authorizedServers().version();
            CloudCaller pollingConnector = node2.auth().authenticate(node2.actorHeader(connector,
                    ServiceFixture.CONNECTOR_KEY, "node-1", null, null, null, false), "poll");

            Future<AdminAnswer> poll = poller.submit(() -> feed2.handle(pollingConnector, "GET",
                    "authorized-servers/changes", Map.of("since", Long.toString(version), "waitSeconds", "30"), "",
                    Duration.ofSeconds(30)));
            Thread.sleep(300); // let the poll start waiting (it would answer at once if it read after the change)
            assertFalse(poll.isDone(), "the poll waits for a change");

            long start = System.nanoTime();
            node1.authorize("SP01$", "computer", "sharepoint");
            AdminAnswer answer = poll.get(2, TimeUnit.SECONDS);
            double millis = (System.nanoTime() - start) / 1e6;

            assertEquals(200, answer.status(), answer.body());
            Map<String, Object> body = ServiceFixture.parse(answer.body());
            assertEquals(Boolean.TRUE, body.get("changed"), answer.body());
            assertEquals(version + 1, ((Number) body.get("version")).longValue());
            assertTrue(answer.body().contains("SP01$"), answer.body());
            System.out.printf("a change through node 1 reached a long-poll held on node 2 in %.1f ms%n", millis);
        } finally {
            poller.shutdownNow();
        }
    }

    @Test
    void withoutTheListenerTheOtherNodesPollWaitsForItsRecheck() throws Exception {
        // the control for the test above: the same poll on node 2, nobody listening, stays asleep past 2 s
        CloudAdminImpl feed2 = new CloudAdminImpl(node2.services.store(), node2.clock, "test", Duration.ofMinutes(1));
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try {
            long version = node1.services.store().authorizedServers().version();
            CloudCaller pollingConnector = node2.auth().authenticate(node2.actorHeader(connector,
                    ServiceFixture.CONNECTOR_KEY, "node-1", null, null, null, false), "poll");
            Future<AdminAnswer> poll = poller.submit(() -> feed2.handle(pollingConnector, "GET",
                    "authorized-servers/changes", Map.of("since", Long.toString(version), "waitSeconds", "3"), "",
                    Duration.ofSeconds(3)));
            Thread.sleep(300);
            node1.authorize("SP01$", "computer", "sharepoint");
            Thread.sleep(1700);
            assertFalse(poll.isDone(), "nothing woke node 2's poll");
            assertEquals(200, poll.get(5, TimeUnit.SECONDS).status(), "answered at its deadline");
        } finally {
            poller.shutdownNow();
        }
    }

    @Test
    void onH2ThereIsNothingToListenTo() throws Exception {
        ServiceFixture h2 = ServiceFixture.start(tmp.resolve("h2"));
        try {
            Optional<ChangesElsewhere> none = ChangesElsewhere.listen(h2.services.store(), () -> { }, () -> {
                throw new AssertionError("no connection is opened for H2");
            });
            assertTrue(none.isEmpty());
        } finally {
            h2.close();
        }
    }
}
