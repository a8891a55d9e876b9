package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.testing.TestDatabase;

/** Runs every case on H2 and on PostgreSQL. */
class SchemaMigrationsTest {

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

        // embedded H2 is one process's file: only PostgreSQL has nodes that can start together
        @Test
        void twoNodesStartingTogetherApplyEachScriptOnce() throws Exception {
            TestDatabase db = TestDatabase.in(kind, tmp);
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SchemaMigrations.Report>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(nodes.submit(() -> {
                        go.await();
                        return new SchemaMigrations(new JdbcTxRunner(db.dataSource())).migrate();
                    }));
                }
                go.countDown();
                List<Integer> applied = new ArrayList<>();
                for (Future<SchemaMigrations.Report> run : runs) {
                    SchemaMigrations.Report report = run.get(60, TimeUnit.SECONDS);
                    applied.addAll(report.applied());
                    assertEquals(6, report.currentVersion());
                }
                applied.sort(null);
                assertEquals(List.of(1, 2, 3, 4, 5, 6), applied, "each script applied by exactly one node");
                assertEquals(6, db.count("schema_version"));
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    abstract static class Cases {

        final TestDatabase.Kind kind;

        Cases(TestDatabase.Kind kind) {
            this.kind = kind;
        }

        @TempDir
        Path tmp;

        @Test
        void appliesEveryScriptOnceAndRecordsIt() throws Exception {
            TestDatabase db = TestDatabase.in(kind, tmp);
            JdbcTxRunner tx = new JdbcTxRunner(db.dataSource());

            SchemaMigrations.Report first = new SchemaMigrations(tx).migrate();
            SchemaMigrations.Report second = new SchemaMigrations(tx).migrate();
            db.shutdown();
            SchemaMigrations.Report afterReopen = new SchemaMigrations(new JdbcTxRunner(db.dataSource())).migrate();

            assertEquals(List.of(1, 2, 3, 4, 5, 6), first.applied());
            assertEquals(List.of(), second.applied());
            assertEquals(List.of(), afterReopen.applied());
            assertEquals(6, afterReopen.currentVersion());
            assertEquals(6, db.count("schema_version"));
        }

        @Test
        void aFailingScriptIsRolledBackAndLaterFixedOneApplies() throws Exception {
            TestDatabase db = TestDatabase.in(kind, tmp);
            JdbcTxRunner tx = new JdbcTxRunner(db.dataSource());

            StoreException e = assertThrows(StoreException.class, () -> migrations(tx, "broken").migrate());

            assertTrue(e.getMessage().contains("V2__fill_counter.sql"), e.getMessage());
            assertEquals(1, db.count("schema_version"), "V1 recorded, V2 not");
            assertEquals(0, db.count("counter"), "V2's first insert was rolled back with it");

            SchemaMigrations.Report fixed = migrations(tx, "fixed").migrate();

            assertEquals(List.of(2), fixed.applied());
            assertEquals(1, db.count("counter"));
        }

        @Test
        void refusesAScriptEditedAfterItWasApplied() {
            JdbcTxRunner tx = new JdbcTxRunner(TestDatabase.in(kind, tmp).dataSource());
            migrations(tx, "fixed").migrate();

            StoreException e = assertThrows(StoreException.class, () -> migrations(tx, "edited").migrate());

            assertTrue(e.getMessage().contains("changed after it was applied"), e.getMessage());
        }

        @Test
        void everyScriptInTheFolderIsListed() throws IOException {
            Set<String> listed = new SchemaMigrations(null).available().stream().map(SchemaMigrations.Migration::script)
                    .collect(Collectors.toSet());
            Set<String> files;
            try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
                files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).collect(Collectors.toSet());
            }

            assertEquals(files, listed);
        }

        @Test
        void splitsStatementsAndDropsComments() {
            List<String> statements = SchemaMigrations.statements("""
                    -- a comment; with a semicolon
                    CREATE TABLE t (
                        a INTEGER
                    );

                    INSERT INTO t VALUES (1);
                    """);

            assertEquals(List.of("CREATE TABLE t (\na INTEGER\n)", "INSERT INTO t VALUES (1)"), statements);
        }

        private static SchemaMigrations migrations(TxRunner tx, String folder) {
            return new SchemaMigrations(tx, SchemaMigrationsTest.class.getClassLoader(), "db/test-migrations/" + folder,
                    Clock.systemUTC());
        }
    }
}
