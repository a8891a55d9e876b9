package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.testing.TestDatabase;

class SchemaMigrationsTest {

    @TempDir
    Path tmp;

    @Test
    void appliesEveryScriptOnceAndRecordsIt() throws Exception {
        TestDatabase db = TestDatabase.in(tmp);
        JdbcTxRunner tx = new JdbcTxRunner(db.dataSource());

        SchemaMigrations.Report first = new SchemaMigrations(tx).migrate();
        SchemaMigrations.Report second = new SchemaMigrations(tx).migrate();
        db.shutdown();
        SchemaMigrations.Report afterReopen = new SchemaMigrations(new JdbcTxRunner(db.dataSource())).migrate();

        // V5 comes from another branch (PostgreSQL): a gap in the numbers is accepted, scripts apply in order
        assertEquals(List.of(1, 2, 3, 4, 6), first.applied());
        assertEquals(List.of(), second.applied());
        assertEquals(List.of(), afterReopen.applied());
        assertEquals(6, afterReopen.currentVersion());
        assertEquals(5, db.count("schema_version"));
    }

    @Test
    void aFailingScriptIsRolledBackAndLaterFixedOneApplies() throws Exception {
        TestDatabase db = TestDatabase.in(tmp);
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
        JdbcTxRunner tx = new JdbcTxRunner(TestDatabase.in(tmp).dataSource());
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
