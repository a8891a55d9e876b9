package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.keys.TenantKeyException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.testing.MutableClock;

/** The tenant key in its software keystore, and what the assembly does with it on start and restart. */
class TenantKeysTest {

    private static final char[] PASSWORD = "correct horse".toCharArray();

    @TempDir
    Path tmp;

    @Test
    void createdOnceOwnerOnlyAndReopened() throws Exception {
        Path dir = tmp.resolve("data/keys");
        TenantKeys created = TenantKeys.create(dir, PASSWORD, "RMS tenant key test", ServiceFixture.START);
        Path file = dir.resolve(TenantKeys.FILE_NAME);
        assertTrue(Files.isRegularFile(file));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }
        assertEquals(Keys.RSA_KEY_SIZE, created.publicKey().getModulus().bitLength());
        assertEquals(Keys.thumbprint(created.publicKey()), created.kid());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }

        TenantKeys reopened = TenantKeys.open(dir, PASSWORD);
        assertEquals(created.publicKey(), reopened.publicKey());
        assertEquals(created.kid(), reopened.kid());
        // the reopened private key is the same key: it unwraps what was wrapped to the public key
        byte[] key = new byte[32];
        key[0] = 7;
        String wrapped = ContentKeys.wrap(key, created.publicKey(), PublishingLicense.newContentId(), "x");
        assertArrayEquals(key, ContentKeys.unwrap(wrapped, reopened.privateKey()));

        TenantKeyException e = assertThrows(TenantKeyException.class,
                () -> TenantKeys.create(dir, PASSWORD, "again", ServiceFixture.START));
        assertTrue(e.getMessage().contains("never replaced"), e.getMessage());
    }

    @Test
    void aWrongPasswordIsAClearErrorNamingTheFile() throws Exception {
        TenantKeys.create(tmp, PASSWORD, "t", ServiceFixture.START);
        TenantKeyException e = assertThrows(TenantKeyException.class,
                () -> TenantKeys.open(tmp, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains(tmp.resolve(TenantKeys.FILE_NAME).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("password is wrong"), e.getMessage());

        assertTrue(assertThrows(TenantKeyException.class, () -> TenantKeys.open(tmp.resolve("elsewhere"), PASSWORD))
                .getMessage().contains("does not exist"));
        assertThrows(TenantKeyException.class, () -> TenantKeys.create(tmp.resolve("n"), new char[0], "t",
                ServiceFixture.START));
        Files.createDirectories(tmp.resolve("bad"));
        Files.write(tmp.resolve("bad").resolve(TenantKeys.FILE_NAME), new byte[] {1, 2, 3});
        assertTrue(assertThrows(TenantKeyException.class, () -> TenantKeys.open(tmp.resolve("bad"), PASSWORD))
                .getMessage().contains(TenantKeys.FILE_NAME));
    }

    @Test
    void aPkcs11KeystoreNeedsItsConfiguration() {
        TenantKeyException e = assertThrows(TenantKeyException.class,
                () -> TenantKeys.openPkcs11(tmp.resolve("missing.cfg"), PASSWORD, null));
        assertTrue(e.getMessage().contains("missing.cfg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CloudServiceAssembly.KeystoreSettings("PKCS11", null, null));
        assertThrows(IllegalArgumentException.class, () -> new CloudServiceAssembly.KeystoreSettings("JKS", null, null));
    }

    private JdbcDataSource database(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Test
    void theAssemblyCreatesTheKeyWithTheTenantAndRefusesAWrongPasswordOnRestart() throws Exception {
        JdbcDataSource ds = database(tmp);
        Path data = tmp.resolve("data");
        MutableClock clock = new MutableClock(ServiceFixture.START);
        CloudServiceAssembly.Services first = CloudServiceAssembly.start(new JdbcTxRunner(ds), data, PASSWORD,
                "Fabrikam", clock, false, Map.of());
        assertEquals("Fabrikam", first.tenant().name());
        assertTrue(TenantKeys.exists(data));

        TenantKeyException e = assertThrows(TenantKeyException.class, () -> CloudServiceAssembly.start(
                new JdbcTxRunner(ds), data, "guess".toCharArray(), "Fabrikam", clock, false, Map.of()));
        assertTrue(e.getMessage().contains(data.resolve(TenantKeys.FILE_NAME).toString()), e.getMessage());

        CloudServiceAssembly.Services again = CloudServiceAssembly.start(new JdbcTxRunner(ds), data, PASSWORD,
                "Other name", clock, false, Map.of());
        assertEquals(first.tenant(), again.tenant());
        assertEquals(first.tenantKey(), again.tenantKey());
        assertTrue(DemoTenant.isEmpty(again.store()), "no demo content unless asked");
    }

    @Test
    void anExistingTenantNeverGetsANewKey() throws Exception {
        JdbcDataSource ds = database(tmp);
        Path data = tmp.resolve("data");
        MutableClock clock = new MutableClock(ServiceFixture.START);
        CloudServiceAssembly.start(new JdbcTxRunner(ds), data, PASSWORD, "Fabrikam", clock, false, Map.of());

        // the keystore lost: refuse rather than make content protected so far unreadable
        Path moved = tmp.resolve("backup.p12");
        Files.move(data.resolve(TenantKeys.FILE_NAME), moved);
        TenantKeyException missing = assertThrows(TenantKeyException.class, () -> CloudServiceAssembly.start(
                new JdbcTxRunner(ds), data, PASSWORD, "Fabrikam", clock, false, Map.of()));
        assertTrue(missing.getMessage().contains("restore"), missing.getMessage());

        // another tenant's keystore: refuse to sign with a stranger's key
        TenantKeys.create(data, PASSWORD, "stranger", ServiceFixture.START);
        TenantKeyException stranger = assertThrows(TenantKeyException.class, () -> CloudServiceAssembly.start(
                new JdbcTxRunner(ds), data, PASSWORD, "Fabrikam", clock, false, Map.of()));
        assertTrue(stranger.getMessage().contains("is not a key of tenant"), stranger.getMessage());

        // the right keystore back: starts
        Files.delete(data.resolve(TenantKeys.FILE_NAME));
        Files.move(moved, data.resolve(TenantKeys.FILE_NAME));
        CloudServiceAssembly.start(new JdbcTxRunner(ds), data, PASSWORD, "Fabrikam", clock, false, Map.of());
    }

    @Test
    void theTenantKeySignsAndUnwrapsForPublishing() throws Exception {
        TenantKeys keys = TenantKeys.create(tmp, PASSWORD, "t", ServiceFixture.START);
        byte[] key = new byte[32];
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com",
                Policy.adHoc(Grant.of("bob@contoso.com", Right.VIEW)), null, 0, key, keys.publicKey());
        PublishingLicense pl = PublishingLicense.sign(d, "tenant", ServiceFixture.START, keys.privateKey(), keys.kid());
        PublishingLicense verified = PublishingLicense.verify(pl.compact(), (RSAPublicKey) keys.publicKey());
        assertArrayEquals(key, verified.unwrapContentKey(TenantKeys.open(tmp, PASSWORD).privateKey()));
    }
}
