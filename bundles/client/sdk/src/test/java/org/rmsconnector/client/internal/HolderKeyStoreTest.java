package org.rmsconnector.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.FakeCloud;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.ServerCertificate;

class HolderKeyStoreTest {

    @TempDir
    Path dir;

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createsTheKeyOnFirstUseOwnerOnlyAndReusesIt() throws Exception {
        assumeTrue(posix(), "permission bits are POSIX");
        Path home = dir.resolve("home").resolve(".rmsctl");
        KeyPair first = new HolderKeyStore(home).holderKey();
        assertEquals("rwx------", perms(home));
        assertEquals("rw-------", perms(home.resolve(HolderKeyStore.KEY_STORE_FILE)));
        assertEquals("rw-------", perms(home.resolve(HolderKeyStore.PASSWORD_FILE)));
        assertEquals(Keys.RSA_KEY_SIZE, ((java.security.interfaces.RSAPublicKey) first.getPublic()).getModulus()
                .bitLength());

        KeyPair again = new HolderKeyStore(home).holderKey();
        assertEquals(first.getPublic(), again.getPublic(), "a second store in the same home reads the same key");
        assertEquals(first.getPrivate(), again.getPrivate());
    }

    @Test
    void clientsStartingTogetherShareOneKey() throws Exception {
        Path home = dir.resolve("shared");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<KeyPair>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> new HolderKeyStore(home).holderKey());
            }
            List<Future<KeyPair>> results = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
            KeyPair first = results.get(0).get();
            for (Future<KeyPair> f : results) {
                assertEquals(first.getPublic(), f.get().getPublic());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAKeyStoreOthersCanRead() throws Exception {
        assumeTrue(posix(), "permission bits are POSIX");
        Path home = dir.resolve("open");
        new HolderKeyStore(home).holderKey();
        Path store = home.resolve(HolderKeyStore.KEY_STORE_FILE);
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        RmsClientException e = assertThrows(RmsClientException.class, () -> new HolderKeyStore(home).holderKey());
        assertEquals(RmsClientException.KEY_STORE, e.code());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void refusesAKeyStoreWithoutItsPassword() throws Exception {
        Path home = dir.resolve("nopw");
        new HolderKeyStore(home).holderKey();
        Files.delete(home.resolve(HolderKeyStore.PASSWORD_FILE));
        RmsClientException e = assertThrows(RmsClientException.class, () -> new HolderKeyStore(home).holderKey());
        assertEquals(RmsClientException.KEY_STORE, e.code());
        assertTrue(e.getMessage().contains("start over"), e.getMessage());
    }

    @Test
    void cachesCertificatesPrivatelyAndIgnoresDamagedEntries() throws Exception {
        Path home = dir.resolve("certs");
        HolderKeyStore store = new HolderKeyStore(home);
        KeyPair holder = store.holderKey();
        Instant now = Instant.now();
        ServerCertificate cert = ServerCertificate.issue(FakeCloud.TENANT.getPrivate(), FakeCloud.tenantKid(),
                FakeCloud.TENANT_ID, "alice@contoso.com", null,
                PublicJwk.of((java.security.interfaces.RSAPublicKey) holder.getPublic()), now, now.plusSeconds(3600));
        CertifyResponse r = new CertifyResponse(cert.compact(), List.of(PublicJwk.of(FakeCloud.tenantPublic())));
        String key = HolderKeyStore.cacheKey("https://rms.example", "user:alice@contoso.com");
        assertTrue(store.cachedCertificate(key).isEmpty());
        store.storeCertificate(key, r);
        assertEquals(r, store.cachedCertificate(key).orElseThrow());
        Path file = home.resolve(HolderKeyStore.CERTIFICATES_DIR).resolve(key + ".json");
        if (posix()) {
            assertEquals("rw-------", perms(file));
            assertEquals("rwx------", perms(file.getParent()));
        }
        Files.writeString(file, "{not json");
        assertTrue(store.cachedCertificate(key).isEmpty(), "a damaged entry costs a certify call, nothing more");
    }
}
