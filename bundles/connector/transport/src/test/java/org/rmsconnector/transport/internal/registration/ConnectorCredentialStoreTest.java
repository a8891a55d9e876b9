package org.rmsconnector.transport.internal.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;

/** The connector's credentials at rest: encrypted, owner-only, and a wrong password says so. */
class ConnectorCredentialStoreTest {

    private static final KeyPair CONNECTOR = Keys.generateRsaKeyPair();
    private static final KeyPair TENANT = Keys.generateRsaKeyPair();
    private static final char[] PASSWORD = "credentials-secret".toCharArray();

    @TempDir
    Path tmp;

    private static ConnectorCredentials credentials() {
        return new ConnectorCredentials("6f1c1c2e-4b1a-4f0e-9a51-3d0b7b8e2c11", "node-1",
                URI.create("https://rms.contoso.example"), CONNECTOR, PublicJwk.of((RSAPublicKey) TENANT.getPublic()),
                Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void roundTripsEverything() throws Exception {
        Path dir = tmp.resolve("data").resolve("connector");
        ConnectorCredentialStore store = new ConnectorCredentialStore(dir, PASSWORD);
        assertTrue(store.load().isEmpty(), "nothing yet");
        store.create(credentials());
        ConnectorCredentials back = new ConnectorCredentialStore(dir, PASSWORD).load().orElseThrow();
        assertEquals(credentials().connectorId(), back.connectorId());
        assertEquals("node-1", back.name());
        assertEquals(URI.create("https://rms.contoso.example"), back.cloudUrl());
        assertEquals(credentials().tenantKey(), back.tenantKey());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), back.registeredAt());
        assertEquals(CONNECTOR.getPublic(), back.publicKey());
        assertArrayEquals(CONNECTOR.getPrivate().getEncoded(), back.privateKey().getEncoded());
        assertEquals(Keys.thumbprint((RSAPublicKey) CONNECTOR.getPublic()), back.kid());
    }

    @Test
    void theFileIsOwnerOnlyAndHoldsNoSecretInClear() throws Exception {
        Path dir = tmp.resolve("connector");
        new ConnectorCredentialStore(dir, PASSWORD).create(credentials());
        Path file = dir.resolve(ConnectorCredentialStore.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }

        byte[] bytes = Files.readAllBytes(file);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) CONNECTOR.getPrivate();
        assertAbsent(bytes, key.getEncoded(), "the PKCS#8 private key");
        assertAbsent(bytes, unsigned(key.getPrivateExponent()), "the private exponent");
        assertAbsent(bytes, unsigned(key.getPrimeP()), "the prime p");
        assertAbsent(bytes, unsigned(key.getPrimeQ()), "the prime q");
        assertAbsent(bytes, "6f1c1c2e-4b1a".getBytes(StandardCharsets.UTF_8), "the connector id");
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 40)));
        assertFalse(HexFormat.of().formatHex(bytes).contains(HexFormat.of().formatHex(unsigned(key.getPrimeP()))));
    }

    @Test
    void aWrongPasswordIsSaidToBeWrong() {
        Path dir = tmp.resolve("connector");
        new ConnectorCredentialStore(dir, PASSWORD).create(credentials());
        ConnectorCredentialStore.CredentialsException e = assertThrows(
                ConnectorCredentialStore.CredentialsException.class,
                () -> new ConnectorCredentialStore(dir, "not-it".toCharArray()).load());
        assertTrue(e.getMessage().contains("password is wrong"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve(ConnectorCredentialStore.FILE_NAME).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(".credentials.password"), e.getMessage());
    }

    @Test
    void aDamagedFileIsSaidToBeDamaged() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("connector"));
        Files.writeString(dir.resolve(ConnectorCredentialStore.FILE_NAME), "not a keystore");
        ConnectorCredentialStore.CredentialsException e = assertThrows(
                ConnectorCredentialStore.CredentialsException.class,
                () -> new ConnectorCredentialStore(dir, PASSWORD).load());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void registeredCredentialsAreNeverReplacedSilently() {
        Path dir = tmp.resolve("connector");
        ConnectorCredentialStore store = new ConnectorCredentialStore(dir, PASSWORD);
        store.create(credentials());
        ConnectorCredentialStore.CredentialsException e = assertThrows(
                ConnectorCredentialStore.CredentialsException.class, () -> store.create(credentials()));
        assertTrue(e.getMessage().contains("already exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConnectorCredentialStore(dir, new char[0]));
    }

    @Test
    void theCredentialsNeverShowTheirPrivateKey() {
        String shown = credentials().toString();
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) CONNECTOR.getPrivate();
        assertTrue(shown.contains("redacted"), shown);
        assertFalse(shown.contains(key.getPrivateExponent().toString()), shown);
        assertFalse(shown.contains(key.getPrivateExponent().toString(16)), shown);
        assertFalse(shown.contains(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 24)), shown);
        assertTrue(shown.contains(credentials().connectorId()), shown);
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static void assertAbsent(byte[] haystack, byte[] needle, String what) {
        // any 16-byte window of the secret would betray it
        for (int start = 0; start + 16 <= needle.length; start += 16) {
            byte[] window = java.util.Arrays.copyOfRange(needle, start, start + 16);
            assertFalse(indexOf(haystack, window) >= 0, what + " appears in clear in the file");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
