package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.Right;

/**
 * Use licenses signed ES256 with the tenant's license signing key, which the certification answer carries endorsed
 * by the tenant key: the SDK verifies them with that key, refuses a key the tenant did not endorse, and learns a
 * key the tenant started using after the client's certificate was cached. RS/PS256 licenses keep working (the
 * other tests of this package).
 */
class Es256UseLicenseTest {

    static FakeCloud cloud;
    @TempDir
    Path homes;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        cloud = FakeCloud.start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @AfterEach
    void rsaAgain() {
        cloud.signUseLicensesEs256(false);
        cloud.endorseWith(FakeCloud.TENANT.getPrivate());
    }

    private RmsClient client(String user) {
        return RmsClient.create(TestSupport.config(cloud, user, homes).build());
    }

    private Path protect(byte[] content) throws Exception {
        Path in = Files.write(dir.resolve("memo.txt"), content);
        Path out = dir.resolve("memo.txt.rmsp");
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.protectFile(in, out, ProtectOptions.template(FakeCloud.TEMPLATE_ID), FileOptions.DEFAULT);
        }
        return out;
    }

    @Test
    void anEs256UseLicenseFromTheEndorsedKeyOpensTheFile() throws Exception {
        cloud.signUseLicensesEs256(true);
        byte[] content = TestSupport.bytes(100_000, 3);
        Path prot = protect(content);
        try (RmsClient alice = client("alice@contoso.com")) {
            UnprotectResult r = alice.unprotectFile(prot, dir.resolve("back.txt"), FileOptions.DEFAULT);
            assertEquals(Set.of(Right.OWNER), r.rights());
        }
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("back.txt")));
    }

    @Test
    void aLicenseSigningKeyNotEndorsedByTheTenantKeyIsRefused() throws Exception {
        Path prot = protect(TestSupport.bytes(10, 4)); // certified while the tenant signs RSA
        cloud.signUseLicensesEs256(true);
        cloud.endorseWith(Keys.generateRsaKeyPair().getPrivate()); // someone else's key vouches for the EC key
        try (RmsClient alice = client("alice@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> alice.unprotectFile(prot, dir.resolve("back.txt"), FileOptions.DEFAULT));
            assertEquals(RmsClientException.BAD_RESPONSE, e.code(), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("back.txt")));
    }

    @Test
    void aClientCertifiedBeforeTheTenantSwitchedToEs256CertifiesAgainAndOpensTheFile() throws Exception {
        byte[] content = TestSupport.bytes(5_000, 5);
        Path prot = protect(content); // certificate cached without a license signing key
        cloud.signUseLicensesEs256(true);
        try (RmsClient alice = client("alice@contoso.com")) {
            alice.unprotectFile(prot, dir.resolve("back.txt"), FileOptions.DEFAULT);
        }
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("back.txt")));
    }
}
