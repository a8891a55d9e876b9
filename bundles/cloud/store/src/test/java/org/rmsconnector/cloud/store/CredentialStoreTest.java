package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.testing.TestDatabase;

/** Runs every case on H2 and on PostgreSQL. */
class CredentialStoreTest {

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

        @TempDir
        Path tmp;

        private TestDatabase db;
        private CloudStore store;

        @BeforeEach
        void open() {
            db = TestDatabase.in(kind, tmp);
            store = new CloudStore(new JdbcTxRunner(db.dataSource()),
                    Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
            store.migrate();
        }

        @Test
        void passwordsAreStoredAsSaltedSlowHashes() throws Exception {
            CredentialStore c = store.credentials();
            c.setPassword("Alice@Contoso.com", "same-password".toCharArray());
            c.setPassword("bob@contoso.com", "same-password".toCharArray());

            assertTrue(c.verifyPassword("alice@contoso.com", "same-password".toCharArray()));
            assertFalse(c.verifyPassword("alice@contoso.com", "Same-password".toCharArray()));
            assertFalse(c.verifyPassword("carol@contoso.com", "same-password".toCharArray()), "no password at all");
            assertFalse(c.verifyPassword("alice@contoso.com", new char[0]));

            PasswordHash alice = c.find("alice@contoso.com").orElseThrow();
            PasswordHash bob = c.find("bob@contoso.com").orElseThrow();
            assertEquals("PBKDF2WithHmacSHA256", alice.algorithm());
            assertTrue(alice.iterations() >= 210_000);
            assertEquals(16, alice.salt().length);
            assertEquals(32, alice.hash().length);
            assertNotEquals(alice, bob, "a per-user salt: equal passwords, different hashes");
            try (Connection conn = db.dataSource().getConnection(); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM user_credential")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String v = rs.getString(i);
                        assertFalse(v != null && v.contains("same-password"), "never the password itself");
                    }
                }
            }

            c.setPassword("alice@contoso.com", "new".toCharArray());
            assertFalse(c.verifyPassword("alice@contoso.com", "same-password".toCharArray()));
            assertTrue(c.verifyPassword("alice@contoso.com", "new".toCharArray()));
            assertThrows(IllegalArgumentException.class, () -> c.setPassword("alice@contoso.com", new char[0]));
            assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1000));
        }

        @Test
        void adminRolesAreGrantedAndRevoked() {
            CredentialStore c = store.credentials();
            assertEquals(Set.of(), c.roles("admin@contoso.com"));
            assertTrue(c.grantRole("Admin@contoso.com", "global-admin", "setup"));
            assertFalse(c.grantRole("admin@contoso.com", "global-admin", "setup"));
            assertTrue(c.grantRole("admin@contoso.com", "Connector-Admin", "setup"));
            assertEquals(Set.of("global-admin", "connector-admin"), c.roles("admin@contoso.com"));
            assertTrue(c.revokeRole("admin@contoso.com", "global-admin"));
            assertFalse(c.revokeRole("admin@contoso.com", "global-admin"));
            assertEquals(Set.of("connector-admin"), c.roles("admin@contoso.com"));
            c.setRoles("admin@contoso.com", Set.of("global-admin"), "setup");
            assertEquals(Set.of("global-admin"), c.roles("admin@contoso.com"));
            assertThrows(IllegalArgumentException.class, () -> c.grantRole("admin@contoso.com", "root", "setup"));

            c.setPassword("admin@contoso.com", "pw".toCharArray());
            c.removeUser("admin@contoso.com");
            assertEquals(Set.of(), c.roles("admin@contoso.com"));
            assertFalse(c.hasPassword("admin@contoso.com"));
        }

        @Test
        void aDirectoryImportKeepsPasswords() {
            store.credentials().setPassword("alice@contoso.com", "pw".toCharArray());
            store.directory().replace(org.rmsconnector.cloud.model.Directory.empty());
            assertTrue(store.credentials().verifyPassword("alice@contoso.com", "pw".toCharArray()));
        }
    }
}
