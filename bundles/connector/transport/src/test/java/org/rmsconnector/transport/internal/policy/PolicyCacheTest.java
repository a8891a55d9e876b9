package org.rmsconnector.transport.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;

/** The last-known-good list on disk: believed only when it verifies with the pinned tenant key. */
class PolicyCacheTest {

    private static final KeyPair TENANT = Keys.generateRsaKeyPair();
    private static final KeyPair OTHER = Keys.generateRsaKeyPair();

    @TempDir
    Path tmp;

    private static SignedPolicy signed(KeyPair by) throws ProtocolException {
        return SignedPolicy.issue(by.getPrivate(), Keys.thumbprint((RSAPublicKey) TENANT.getPublic()), "tenant-1", 7,
                List.of(new SignedPolicy.Entry("EXCH01$", "computer", "exchange"),
                        new SignedPolicy.Entry("CONTOSO\\SharePoint Servers", "group", "sharepoint")),
                Instant.parse("2026-11-25T10:00:00Z"));
    }

    private static RSAPublicKey tenant() {
        return (RSAPublicKey) TENANT.getPublic();
    }

    @Test
    void aWrittenListVerifiesAndReadsBack() throws Exception {
        PolicyCache cache = new PolicyCache(tmp.resolve("connector"));
        assertTrue(cache.read(tenant()).isEmpty());
        cache.write(signed(TENANT));
        SignedPolicy back = cache.read(tenant()).orElseThrow();
        assertEquals(7, back.version());
        assertEquals(List.of(new AuthorizedServer("EXCH01$", AuthorizedServer.Kind.COMPUTER, Workload.EXCHANGE),
                new AuthorizedServer("CONTOSO\\SharePoint Servers", AuthorizedServer.Kind.GROUP, Workload.SHAREPOINT)),
                PolicySync.toEntries(back));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file())));
    }

    @Test
    void anEditedListIsRefused() throws Exception {
        PolicyCache cache = new PolicyCache(tmp);
        cache.write(signed(TENANT));
        String[] parts = Files.readString(cache.file()).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sharepoint\"", "\"exchange\"");
        Files.writeString(cache.file(), parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        ProtocolException e = assertThrows(ProtocolException.class, () -> cache.read(tenant()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());

        Files.write(cache.file(), new byte[] {(byte) 0xC3, 0x28, 0x2E});
        assertEquals(Reason.MALFORMED, assertThrows(ProtocolException.class, () -> cache.read(tenant())).reason());
    }

    @Test
    void aListSignedByAnotherKeyIsRefused() throws Exception {
        PolicyCache cache = new PolicyCache(tmp);
        cache.write(signed(OTHER));
        ProtocolException forged = assertThrows(ProtocolException.class, () -> cache.read(tenant()));
        assertEquals(Reason.BAD_SIGNATURE, forged.reason(), "another key claiming the tenant's key id");
        cache.write(signed(TENANT));
        ProtocolException wrongPin = assertThrows(ProtocolException.class,
                () -> cache.read((RSAPublicKey) OTHER.getPublic()));
        assertEquals(Reason.WRONG_KEY, wrongPin.reason(), "a node that pinned another tenant");
    }
}
