package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.AccountKind;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.AuthorizedServerChange;
import org.rmsconnector.cloud.model.AuthorizedServerList;
import org.rmsconnector.cloud.model.ContentExpiry;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.cloud.model.TenantInfo;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.testing.TestDatabase;

/** Runs every case on H2 and on PostgreSQL. */
class CloudStoreTest {

    @Nested
    class OnH2 extends Cases {
        OnH2() {
            super(TestDatabase.Kind.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends Cases {
        OnPostgreSQL() {
            super(TestDatabase.Kind.POSTGRESQL);
        }
    }

    abstract static class Cases {

        final TestDatabase.Kind kind;

        Cases(TestDatabase.Kind kind) {
            this.kind = kind;
        }

        private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
        private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

        @TempDir
        Path tmp;

        private TestDatabase db;
        private CloudStore store;

        @BeforeEach
        void open() {
            db = TestDatabase.in(kind, tmp);
            store = new CloudStore(new JdbcTxRunner(db.dataSource()), CLOCK);
            store.migrate();
        }

        @Test
        void everythingSurvivesClosingAndReopeningTheDatabase() throws SQLException {
            TenantInfo tenant = store.tenant().initialize(new TenantInfo("contoso", "Contoso Ltd", NOW));
            store.tenant().setSuperUserFeature(true, "RMS-Admins");
            store.tenant().addSuperUser("Sam@contoso.com");
            Directory directory = Directory.of(
                    List.of(new User("alice@contoso.com", "alice.smith@contoso.com", "Alice Smith"), User.of("bob@contoso.com")),
                    List.of(new Group("sales", Set.of("bob@contoso.com", "partner@fabrikam.com"), Set.of("paris")),
                            Group.ofUsers("paris", "alice@contoso.com"), Group.ofUsers("empty")));
            store.directory().replace(directory);
            Template confidential = store.templates().create(Template.create("Confidential", "Staff only",
                    List.of(Grant.group("sales", Right.VIEW, Right.EDIT), Grant.everyone(Right.VIEW)),
                    ContentExpiry.daysAfterProtection(30), 7, true));
            Template archived = store.templates().create(Template.create("Old", "", List.of(Grant.user("bob@contoso.com",
                    Right.OWNER)), ContentExpiry.onDate(NOW.plus(Duration.ofDays(3))), 0, false));
            store.templates().archive(archived.id());
            store.authorizedServers().put(AuthorizedServer.parse("CONTOSO\\EXCH01$", "computer", "exchange"), "admin");
            store.authorizedServers().put(AuthorizedServer.parse("CONTOSO\\SharePointFarm", "group", "sharepoint"), "admin");
            UsageRecord usage = new UsageRecord(NOW, "AcquireLicense", "bob@contoso.com", "Success", "corr-1", "doc-1",
                    "alice@contoso.com", "alice@contoso.com", confidential.id(), "CONTOSO\\EXCH01$", "node-1");
            store.usage().append(usage);
            RegisteredConnector connector = store.connectors().register(new RegisteredConnector("node-1", "Paris DC",
                    "-----BEGIN PUBLIC KEY-----\nMFkw...\n-----END PUBLIC KEY-----", null, NOW, "connector-admin@contoso.com"));
            AuthorizedServerList listBefore = store.authorizedServers().list();

            db.shutdown();
            CloudStore reopened = new CloudStore(new JdbcTxRunner(TestDatabase.in(kind, tmp).dataSource()), CLOCK);
            SchemaMigrations.Report migration = reopened.migrate();

            assertEquals(List.of(), migration.applied(), "nothing to migrate on reopen");
            assertEquals(Optional.of(tenant), reopened.tenant().find());
            assertEquals(new SuperUserConfig(true, "rms-admins", Set.of("sam@contoso.com")), reopened.tenant().superUsers());
            Directory loaded = reopened.directory().load();
            assertEquals(Set.copyOf(directory.users()), Set.copyOf(loaded.users()));
            assertEquals(Set.copyOf(directory.groups()), Set.copyOf(loaded.groups()));
            assertTrue(loaded.isMember("alice.smith@contoso.com", "sales"));
            assertEquals(Optional.of(confidential), reopened.templates().find(confidential.id()));
            assertEquals(Optional.of(archived.withStatus(TemplateStatus.ARCHIVED)), reopened.templates().find(archived.id()));
            assertEquals(Optional.of(confidential.contentHash()), reopened.templates().contentHash(confidential.id()));
            assertEquals(listBefore, reopened.authorizedServers().list());
            assertEquals(2, reopened.authorizedServers().version());
            assertEquals(List.of(usage), reopened.usage().query(UsageQuery.between(null, null, 10)));
            assertEquals(List.of(connector), reopened.connectors().list());
        }

        @Test
        void duplicateTemplateNameIsRefusedAndNothingIsHalfWritten() throws SQLException {
            store.templates().create(Template.create("Confidential", "", List.of(Grant.everyone(Right.VIEW)),
                    ContentExpiry.never(), 7, false));
            Template clash = Template.create("  CONFIDENTIAL ", "", List.of(Grant.user("bob@contoso.com", Right.VIEW),
                    Grant.user("carol@contoso.com", Right.EDIT)), ContentExpiry.never(), 7, false);

            DuplicateEntryException e = assertThrows(DuplicateEntryException.class, () -> store.templates().create(clash));

            assertTrue(e.getMessage().contains("CONFIDENTIAL"), e.getMessage());
            assertEquals(1, db.count("rights_template"));
            assertEquals(1, db.count("template_grant"));
            assertEquals(Optional.empty(), store.templates().find(clash.id()));
        }

        @Test
        void aFailureLateInATransactionUndoesItsEarlierWrites() throws SQLException {
            Template t = Template.create("Project X", "", List.of(Grant.everyone(Right.VIEW)), ContentExpiry.never(), 7, false);
            JdbcTxRunner tx = new JdbcTxRunner(db.dataSource());
            CloudStore sameTx = new CloudStore(tx, CLOCK);

            assertThrows(IllegalStateException.class, () -> tx.required(c -> {
                sameTx.templates().create(t);
                sameTx.authorizedServers().put(AuthorizedServer.parse("svc-sp", "account", "sharepoint"), "admin");
                throw new IllegalStateException("the caller changed its mind");
            }));

            assertEquals(Optional.empty(), store.templates().find(t.id()));
            assertEquals(0, db.count("template_grant"));
            assertEquals(new AuthorizedServerList(0, List.of()), store.authorizedServers().list());
            assertEquals(List.of(), store.authorizedServers().changesSince(0));
        }

        @Test
        void aFailedDirectoryImportKeepsThePreviousDirectory() {
            Directory before = Directory.of(List.of(User.of("alice@contoso.com")), List.of(Group.ofUsers("sales", "alice@contoso.com")));
            store.directory().replace(before);
            Directory tooLong = Directory.of(List.of(User.of("bob@contoso.com"),
                    new User("carol@contoso.com", null, "C".repeat(300))), List.of(Group.ofUsers("it", "bob@contoso.com")));

            assertThrows(StoreException.class, () -> store.directory().replace(tooLong));

            Directory after = store.directory().load();
            assertEquals(Set.copyOf(before.users()), Set.copyOf(after.users()));
            assertEquals(Set.copyOf(before.groups()), Set.copyOf(after.groups()));
        }

        @Test
        void aUserCannotTakeAnotherUsersAddress() {
            store.directory().putUser(new User("alice@contoso.com", "sales@contoso.com", null));

            assertThrows(DuplicateEntryException.class,
                    () -> store.directory().putUser(new User("bob@contoso.com", "sales@contoso.com", null)));
            store.directory().putUser(new User("alice@contoso.com", "alice@contoso.com", "Alice")); // her own change is fine

            assertEquals("Alice", store.directory().load().findUser("alice@contoso.com").orElseThrow().displayName());
        }

        @Test
        void removingUsersAndGroupsRemovesTheirMemberships() {
            store.directory().replace(Directory.of(List.of(User.of("a@contoso.com"), User.of("b@contoso.com")),
                    List.of(new Group("all", Set.of("a@contoso.com"), Set.of("team")), Group.ofUsers("team", "b@contoso.com"))));

            assertTrue(store.directory().removeUser("A@contoso.com"));
            assertTrue(store.directory().removeGroup("team"));
            assertFalse(store.directory().removeGroup("team"));

            assertEquals(new Group("all", Set.of(), Set.of()), store.directory().load().findGroup("all").orElseThrow());
        }

        @Test
        void updatingAnUnknownTemplateIsAnError() {
            Template t = Template.create("Ghost", "", List.of(), ContentExpiry.never(), 0, false);

            assertThrows(NoSuchEntryException.class, () -> store.templates().update(t));
            assertThrows(NoSuchEntryException.class, () -> store.templates().archive(t.id()));
        }

        @Test
        void everyAuthorizedServerChangeBumpsTheVersionAndFeedsTheChangeLog() {
            long v1 = store.authorizedServers().put(AuthorizedServer.parse("CONTOSO\\EXCH01$", "COMPUTER", "EXCHANGE"), "admin");
            long v2 = store.authorizedServers().put(AuthorizedServer.parse("svc-fci", "ACCOUNT", "FCI"), "admin");
            long same = store.authorizedServers().put(AuthorizedServer.parse("svc-fci", "account", "fci"), "admin");
            long v3 = store.authorizedServers().put(AuthorizedServer.parse("svc-fci", "ACCOUNT", "SHAREPOINT"), "admin");
            long v4 = store.authorizedServers().remove("contoso\\exch01$", "admin");

            assertEquals(List.of(1L, 2L, 3L, 4L), List.of(v1, v2, v3, v4));
            assertEquals(2L, same, "an entry put unchanged does not bump the version");
            List<AuthorizedServerChange> changes = store.authorizedServers().changesSince(2);
            assertEquals(List.of(AuthorizedServerChange.Type.UPDATED, AuthorizedServerChange.Type.REMOVED),
                    changes.stream().map(AuthorizedServerChange::type).toList());
            assertEquals(new AuthorizedServer("svc-fci", AccountKind.ACCOUNT, ServerRole.SHAREPOINT), changes.get(0).entry());
            assertEquals(NOW, changes.get(0).changedAt());
            assertEquals(List.of(), store.authorizedServers().changesSince(4));
            assertEquals(new AuthorizedServerList(4, List.of(new AuthorizedServer("svc-fci", AccountKind.ACCOUNT,
                    ServerRole.SHAREPOINT))), store.authorizedServers().list());
            assertThrows(NoSuchEntryException.class, () -> store.authorizedServers().remove("nobody", "admin"));
        }

        @Test
        void anUnknownRoleIsAClearErrorAndChangesNothing() throws SQLException {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.authorizedServers().put(AuthorizedServer.parse("svc-mail", "ACCOUNT", "MAILBOX"), "admin"));

            assertTrue(e.getMessage().contains("MAILBOX") && e.getMessage().contains("EXCHANGE, SHAREPOINT, FCI"), e.getMessage());
            assertEquals(0, store.authorizedServers().version());
            // and the database itself refuses what the code would never write
            assertThrows(SQLException.class, () -> db.execute("INSERT INTO authorized_server (account_key, account_name,"
                    + " account_kind, server_role, added_at) VALUES ('x', 'x', 'ACCOUNT', 'MAILBOX', CURRENT_TIMESTAMP)"));
            assertEquals(0, db.count("authorized_server"));
        }

        @Test
        void aComputerAccountMustEndWithADollar() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AuthorizedServer.parse("CONTOSO\\EXCH01", "computer", "exchange"));

            assertTrue(e.getMessage().contains("HOST$"), e.getMessage());
        }

        @Test
        void concurrentChangesNeverLoseAVersion() throws Exception {
            int threads = 4;
            int perThread = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        List<Long> versions = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            versions.add(store.authorizedServers().put(new AuthorizedServer("svc-" + thread + "-" + i,
                                    AccountKind.ACCOUNT, ServerRole.SHAREPOINT), "thread-" + thread));
                        }
                        return versions;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : futures) {
                    all.addAll(f.get(60, TimeUnit.SECONDS));
                }

                long total = (long) threads * perThread;
                assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), all.stream().sorted().toList(),
                        "every writer got its own version, none lost, none repeated");
                assertEquals(total, store.authorizedServers().version());
                assertEquals(LongStream.rangeClosed(1, total).boxed().toList(),
                        store.authorizedServers().changesSince(0).stream().map(AuthorizedServerChange::version).toList());
                assertEquals(total, store.authorizedServers().list().entries().size());
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
        }

        @Test
        void usageQueriesFilterByTimeUserAndTypeWithALimit() {
            List<UsageRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(new UsageRecord(NOW.plusSeconds(i), i % 2 == 0 ? "AcquireLicense" : "Certify",
                        i < 5 ? "bob@contoso.com" : "carol@contoso.com", "Success", "corr-" + i, null, null, null, null,
                        null, "node-1"));
            }
            store.usage().appendAll(records);

            UsageQuery range = UsageQuery.between(NOW.plusSeconds(2), NOW.plusSeconds(8), 100);

            assertEquals(records.subList(2, 8), store.usage().query(range));
            assertEquals(List.of(records.get(2), records.get(4)), store.usage().query(range.forUser("BOB@contoso.com").ofType("AcquireLicense")));
            assertEquals(records.subList(2, 5), store.usage().query(UsageQuery.between(NOW.plusSeconds(2), null, 3)));
            assertThrows(IllegalArgumentException.class, () -> UsageQuery.between(NOW, NOW.minusSeconds(1), 10));
            assertThrows(IllegalArgumentException.class, () -> UsageQuery.between(null, null, 0));
        }

        @Test
        void aBadUsageBatchIsWrittenNotAtAll() throws SQLException {
            UsageRecord ok = new UsageRecord(NOW, "Certify", "bob@contoso.com", "Success", null, null, null, null, null, null, null);
            UsageRecord bad = new UsageRecord(NOW, "Certify", "bob@contoso.com", "Success", null, "x".repeat(300), null,
                    null, null, null, null);

            assertThrows(StoreException.class, () -> store.usage().appendAll(List.of(ok, bad)));

            assertEquals(0, db.count("usage_log"));
        }

        @Test
        void connectorsAreUniqueByIdAndName() {
            store.connectors().register(new RegisteredConnector("node-1", "Paris", null, "sha256:abc", NOW, "admin"));

            assertThrows(DuplicateEntryException.class, () -> store.connectors().register(
                    new RegisteredConnector("node-2", "Paris", null, "sha256:def", NOW, "admin")));
            assertThrows(DuplicateEntryException.class, () -> store.connectors().register(
                    new RegisteredConnector("node-1", "Lyon", null, "sha256:def", NOW, "admin")));
            assertTrue(store.connectors().remove("node-1"));
            assertEquals(List.of(), store.connectors().list());
        }

        @Test
        void aConnectorsLastSeenOnlyMovesForward() {
            store.connectors().register(new RegisteredConnector("node-1", "Paris", null, "sha256:abc", NOW, "admin"));
            assertEquals(null, store.connectors().find("node-1").orElseThrow().lastSeen(), "not seen yet");

            assertTrue(store.connectors().recordSeen("node-1", NOW.plusSeconds(60)));
            assertFalse(store.connectors().recordSeen("node-1", NOW.plusSeconds(30)), "an older time never wins");
            assertFalse(store.connectors().recordSeen("nobody", NOW));

            assertEquals(NOW.plusSeconds(60), store.connectors().find("node-1").orElseThrow().lastSeen());
            assertEquals(NOW.plusSeconds(60), store.connectors().list().get(0).lastSeen());
        }

        @Test
        void theDatabaseBelongsToOneTenant() {
            TenantInfo contoso = new TenantInfo("contoso", "Contoso", NOW);
            assertThrows(NoSuchEntryException.class, () -> store.tenant().setSuperUserFeature(true, null));

            store.tenant().initialize(contoso);

            assertEquals(contoso, store.tenant().initialize(new TenantInfo("contoso", "Renamed", NOW.plusSeconds(5))));
            assertThrows(IllegalStateException.class, () -> store.tenant().initialize(new TenantInfo("fabrikam", "F", NOW)));
            assertTrue(store.tenant().addSuperUser("sam@contoso.com"));
            assertFalse(store.tenant().addSuperUser("SAM@contoso.com"));
            assertTrue(store.tenant().removeSuperUser("sam@contoso.com"));
            assertEquals(SuperUserConfig.disabled(), store.tenant().superUsers());
        }
    }
}
