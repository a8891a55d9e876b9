package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.AccountKind;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.testing.Await;
import org.rmsconnector.testing.TestDatabase;

/**
 * What cloud nodes share through the database (V5): the replay register, the channel sessions, and — on
 * PostgreSQL — the change notifications. "Two nodes" are two stores on one database, as two service processes are.
 */
class SharedNodeStateTest {

    @Nested
    class OnH2 extends Cases {
        OnH2() {
            super(TestDatabase.Kind.H2);
        }

        @Test
        void theIdsStayInTheNodesMemoryAndAFullRegisterRefusesNewOnes() throws Exception {
            assertFalse(nodeA.usedAssertions().shared(), "H2 is one node's file: no insert per assertion");
            assertTrue(nodeA.usedAssertions().firstUse("c-1\njti-1", NOW.plusSeconds(90), NOW));
            try (var c = db.dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM used_assertion")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "nothing written");
            }
            LocalReplayRegister small = new LocalReplayRegister(2);
            assertTrue(small.firstUse("a", NOW.plusSeconds(10), NOW));
            assertTrue(small.firstUse("b", NOW.plusSeconds(20), NOW));
            StoreException full = assertThrows(StoreException.class,
                    () -> small.firstUse("c", NOW.plusSeconds(20), NOW));
            assertTrue(full.getMessage().contains("holds 2 ids"), full.getMessage());
            assertTrue(small.firstUse("c", NOW.plusSeconds(20), NOW.plusSeconds(11)), "once 'a' has expired");
        }
    }

    @Nested
    class OnPostgreSQL extends Cases {
        OnPostgreSQL() {
            super(TestDatabase.Kind.POSTGRESQL);
        }

        @Test
        void anAssertionIdIsAcceptedOnceAtWhicheverNode() {
            Instant until = NOW.plusSeconds(90);
            assertTrue(nodeA.usedAssertions().shared());

            assertTrue(nodeA.usedAssertions().firstUse("c-1\njti-1", until, NOW));
            assertFalse(nodeB.usedAssertions().firstUse("c-1\njti-1", until, NOW), "replayed at the other node");
            assertTrue(nodeB.usedAssertions().firstUse("c-2\njti-1", until, NOW), "another connector's id");
            assertEquals(2, nodeB.usedAssertions().purge(NOW.plusSeconds(100)), "purged at either node");
        }

        @Test
        void aChangeCommittedThroughOneNodeIsHeardByTheOtherWithinTwoSeconds() throws Exception {
            List<String> heard = new CopyOnWriteArrayList<>();
            try (PostgresChangeListener listener = new PostgresChangeListener(
                    () -> DriverManager.getConnection(db.url(), db.user(), ""), heard::add)) {
                listener.start();
                assertTrue(listener.awaitListening(Duration.ofSeconds(10)), "listening");
                Await.until(Duration.ofSeconds(2), () -> heard.contains(PostgresChangeListener.EVERYTHING),
                        "the first report after connecting");
                heard.clear();

                long start = System.nanoTime();
                nodeB.authorizedServers().put(new AuthorizedServer("EXCH01$", AccountKind.COMPUTER, ServerRole.EXCHANGE),
                        "admin");
                Await.until(Duration.ofSeconds(2), () -> heard.contains(Databases.AUTHORIZED_SERVERS),
                        "the authorized-servers notification");
                System.out.printf("PostgreSQL NOTIFY heard by the other node %.1f ms after the change was made%n",
                        (System.nanoTime() - start) / 1e6);

                nodeB.connectors().register(new RegisteredConnector("c-2", "Lyon", null, "sha256:x", NOW, "admin"));
                Await.until(Duration.ofSeconds(2), () -> heard.contains(Databases.CONNECTORS),
                        "the connectors notification");
            }
        }

        @Test
        void aRolledBackChangeIsNotNotified() throws Exception {
            List<String> heard = new CopyOnWriteArrayList<>();
            try (PostgresChangeListener listener = new PostgresChangeListener(
                    () -> DriverManager.getConnection(db.url(), db.user(), ""), heard::add)) {
                listener.start();
                assertTrue(listener.awaitListening(Duration.ofSeconds(10)), "listening");
                Await.until(Duration.ofSeconds(2), () -> heard.contains(PostgresChangeListener.EVERYTHING),
                        "the first report after connecting");
                heard.clear();

                try {
                    nodeB.tx().required(c -> {
                        nodeB.authorizedServers().put(new AuthorizedServer("SP01$", AccountKind.COMPUTER,
                                ServerRole.SHAREPOINT), "admin");
                        throw new IllegalStateException("abandon the change");
                    });
                } catch (IllegalStateException expected) {
                    // rolled back
                }
                nodeB.connectors().register(new RegisteredConnector("c-3", "Nice", null, "sha256:y", NOW, "admin"));
                Await.until(Duration.ofSeconds(2), () -> heard.contains(Databases.CONNECTORS),
                        "the committed change's notification");
                assertFalse(heard.contains(Databases.AUTHORIZED_SERVERS), "no notification of the rolled-back change");
            }
        }

        @Test
        void aListenerWhoseConnectionBreaksConnectsAgainAndReportsEverything() throws Exception {
            List<String> heard = new CopyOnWriteArrayList<>();
            try (PostgresChangeListener listener = new PostgresChangeListener(
                    () -> DriverManager.getConnection(db.url(), db.user(), ""), heard::add)) {
                listener.start();
                assertTrue(listener.awaitListening(Duration.ofSeconds(10)), "listening");
                Await.until(Duration.ofSeconds(2), () -> heard.contains(PostgresChangeListener.EVERYTHING),
                        "the first report after connecting");
                heard.clear();

                db.shutdown(); // ends every other session of the database, the listener's included

                Await.until(Duration.ofSeconds(10), () -> heard.contains(PostgresChangeListener.EVERYTHING),
                        "the report after connecting again");
                assertTrue(listener.awaitListening(Duration.ofSeconds(10)), "listening again");
                nodeB.authorizedServers().put(new AuthorizedServer("FS01$", AccountKind.COMPUTER, ServerRole.FCI),
                        "admin");
                Await.until(Duration.ofSeconds(2), () -> heard.contains(Databases.AUTHORIZED_SERVERS),
                        "a notification after connecting again");
            }
        }
    }

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    abstract static class Cases {

        final TestDatabase.Kind kind;
        @TempDir
        Path tmp;
        TestDatabase db;
        CloudStore nodeA;
        CloudStore nodeB;

        Cases(TestDatabase.Kind kind) {
            this.kind = kind;
        }

        @BeforeEach
        void twoNodesOnOneDatabase() {
            db = TestDatabase.in(kind, tmp);
            nodeA = new CloudStore(new JdbcTxRunner(db.dataSource()), CLOCK);
            nodeA.migrate();
            nodeB = new CloudStore(new JdbcTxRunner(db.dataSource()), CLOCK);
            nodeB.migrate();
        }

        @AfterEach
        void closeDatabase() throws Exception {
            db.shutdown();
        }

        @Test
        void anAssertionIdIsAcceptedOnceAtANode() {
            Instant until = NOW.plusSeconds(90);

            assertTrue(nodeA.usedAssertions().firstUse("c-1\njti-1", until, NOW));
            assertFalse(nodeA.usedAssertions().firstUse("c-1\njti-1", until, NOW), "replayed at the same node");
            assertTrue(nodeA.usedAssertions().firstUse("c-2\njti-1", until, NOW), "another connector's id");
            assertTrue(nodeA.usedAssertions().firstUse("c-1\n" + "x".repeat(5000), until, NOW), "a long id");
        }

        @Test
        void expiredIdsArePurged() {
            nodeA.usedAssertions().firstUse("old", NOW.plusSeconds(10), NOW);
            nodeA.usedAssertions().firstUse("new", NOW.plusSeconds(100), NOW);

            assertEquals(1, nodeA.usedAssertions().purge(NOW.plusSeconds(50)));
            assertEquals(1, nodeA.usedAssertions().size());
            assertFalse(nodeA.usedAssertions().firstUse("new", NOW.plusSeconds(100), NOW.plusSeconds(50)));
        }

        @Test
        void aSessionSavedByOneNodeIsFoundByTheOtherUntilItExpiresOrItsConnectorIsRemoved() {
            nodeA.connectors().register(new RegisteredConnector("c-1", "Paris", null, "sha256:abc", NOW, "admin"));
            ChannelSessionStore.StoredSession s = new ChannelSessionStore.StoredSession("s-1", "c-1", "a.b.c",
                    NOW.plusSeconds(3600));

            nodeA.channelSessions().save(s, NOW);

            assertEquals(Optional.of(s), nodeB.channelSessions().find("s-1", NOW.plusSeconds(10)));
            assertEquals(Optional.empty(), nodeB.channelSessions().find("s-1", NOW.plusSeconds(3600)), "expired");
            assertEquals(Optional.empty(), nodeB.channelSessions().find("s-2", NOW));

            nodeB.connectors().remove("c-1");

            assertEquals(Optional.empty(), nodeA.channelSessions().find("s-1", NOW.plusSeconds(10)));
        }
    }
}
