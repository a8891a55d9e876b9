package org.rmsconnector.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.protectedfile.ProtectedFileHeader;
import org.rmsconnector.protectedfile.ProtectedFileReader;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.UseLicense;

/** {@link RmsClient#preLicense} against the tenant fixture over HTTP: licenses for recipients' own keys. */
class PreLicenseTest {

    static FakeCloud cloud;
    @TempDir
    static Path homes;
    @TempDir
    Path dir;
    /** The recipients' mail clients' key pairs (2048 bits: the smallest accepted, and quick to make). */
    static KeyPair bobKey;
    static KeyPair carolKey;
    static KeyPair daveKey;

    static final byte[] MAIL = "Subject: numbers\r\n\r\nQuarterly numbers: 42\r\n".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        cloud = FakeCloud.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        bobKey = g.generateKeyPair();
        carolKey = g.generateKeyPair();
        daveKey = g.generateKeyPair();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @AfterEach
    void clear() {
        cloud.fail(null);
        cloud.tamperPreLicensesOf(null);
    }

    static RmsClient client(String user) {
        return RmsClient.create(TestSupport.config(cloud, user, homes).build());
    }

    static PreLicense.Recipient recipient(String identity, KeyPair kp) {
        return new PreLicense.Recipient(identity, (RSAPublicKey) kp.getPublic());
    }

    /** alice's message to bob (VIEW, PRINT) and carol (VIEW). */
    private Path protectedMail(RmsClient alice) throws Exception {
        Path mail = Files.write(dir.resolve("mail.eml"), MAIL);
        Path out = dir.resolve("mail.eml.rmsp");
        alice.protectFile(mail, out, ProtectOptions.grants(Map.of("bob@contoso.com", Set.of(Right.VIEW, Right.PRINT),
                "carol@contoso.com", Set.of(Right.VIEW))), FileOptions.DEFAULT);
        return out;
    }

    /** What the recipient's mail client does with the license: unwrap with its own key, decrypt. */
    static byte[] openAsRecipient(Path protectedFile, UseLicense license, KeyPair kp) throws IOException {
        byte[] key = license.unwrapContentKey(kp.getPrivate());
        try (InputStream in = Files.newInputStream(protectedFile)) {
            ProtectedFileHeader header = ProtectedFileReader.readHeader(in);
            return new ProtectedFileReader(in, header, key).readAllBytes();
        }
    }

    @Test
    void eachRecipientGetsAVerifiedLicenseForTheirRightsThatOnlyTheirKeyOpens() throws Exception {
        try (RmsClient alice = client("alice@contoso.com")) {
            Path file = protectedMail(alice);
            String contentId = alice.info(Files.newInputStream(file)).contentId();
            List<PreLicense> got = alice.preLicense(file, List.of(recipient("bob@contoso.com", bobKey),
                    recipient("carol@contoso.com", carolKey)));

            assertEquals(2, got.size());
            PreLicense.Granted bob = (PreLicense.Granted) got.get(0);
            PreLicense.Granted carol = (PreLicense.Granted) got.get(1);
            assertEquals("bob@contoso.com", bob.identity());
            assertEquals(EnumSet.of(Right.VIEW, Right.PRINT), bob.rights());
            assertEquals(Set.of(Right.VIEW), carol.rights());
            assertEquals("bob@contoso.com", bob.license().holder());
            assertEquals(contentId, bob.license().contentId());
            assertTrue(bob.expiresAt().isAfter(java.time.Instant.now()));
            assertEquals(bob.license().compact(), bob.compact());
            UseLicense.verify(bob.compact(), FakeCloud.tenantPublic());

            assertArrayEquals(MAIL, openAsRecipient(file, bob.license(), bobKey));
            assertArrayEquals(MAIL, openAsRecipient(file, carol.license(), carolKey));
            assertThrows(ProtocolException.class, () -> bob.license().unwrapContentKey(carolKey.getPrivate()),
                    "carol's key does not open bob's license");
        }
        assertEquals(1, cloud.calls("prelicense.asmx"));
    }

    @Test
    void aRecipientThePolicyGivesNothingIsRefusedAndTheOthersAreLicensed() throws Exception {
        try (RmsClient alice = client("alice@contoso.com")) {
            Path file = protectedMail(alice);
            List<PreLicense> got = alice.preLicense(Files.newInputStream(file), List.of(
                    recipient("dave@contoso.com", daveKey), recipient("bob@contoso.com", bobKey)));

            PreLicense.Refused dave = (PreLicense.Refused) got.get(0);
            assertEquals("dave@contoso.com", dave.identity());
            assertEquals("ACCESS_DENIED", dave.code());
            assertTrue(dave.message().contains("no rights"), dave.message());
            assertTrue(got.get(1).granted());
        }
    }

    @Test
    void aLicenseAlteredOnTheWayIsRefusedByVerification() throws Exception {
        cloud.tamperPreLicensesOf("bob@contoso.com");
        try (RmsClient alice = client("alice@contoso.com")) {
            Path file = protectedMail(alice);
            List<PreLicense> got = alice.preLicense(file, List.of(recipient("bob@contoso.com", bobKey),
                    recipient("carol@contoso.com", carolKey)));

            PreLicense.Refused bob = (PreLicense.Refused) got.get(0);
            assertEquals(RmsClientException.BAD_RESPONSE, bob.code());
            assertTrue(bob.message().contains("cannot accept"), bob.message());
            assertTrue(bob.message().contains("signature"), bob.message());
            assertTrue(got.get(1).granted(), "carol's license was not altered");
        }
    }

    @Test
    void aCertificateTheServiceNoLongerTakesIsRenewedOnceAndTheRequestRetried() throws Exception {
        try (RmsClient alice = client("alice@contoso.com")) {
            Path file = protectedMail(alice);
            int certifications = cloud.calls("certification.asmx");
            int before = cloud.calls("prelicense.asmx");
            cloud.fail(new FakeCloud.Failure("prelicense.asmx", 400,
                    "{\"code\":\"EXPIRED\",\"message\":\"server certificate expired\"}", Map.of(), 1));

            List<PreLicense> got = alice.preLicense(file, List.of(recipient("bob@contoso.com", bobKey)));

            assertTrue(got.get(0).granted(), got.toString());
            assertEquals(certifications + 1, cloud.calls("certification.asmx"));
            assertEquals(before + 2, cloud.calls("prelicense.asmx"));
        }
    }

    @Test
    void onlyTheOwnerOrExchangeMayPreLicense() throws Exception {
        Path file;
        try (RmsClient alice = client("alice@contoso.com")) {
            file = protectedMail(alice);
        }
        try (RmsClient bob = client("bob@contoso.com")) {
            RmsClientException e = assertThrows(RmsClientException.class,
                    () -> bob.preLicense(file, List.of(recipient("carol@contoso.com", carolKey))));
            assertEquals("prelicense_not_allowed", e.code());
            assertEquals(403, e.httpStatus());
            assertTrue(e.getMessage().contains("pre-licensing recipients"), e.getMessage());
        }
    }

    @Test
    void moreRecipientsThanOneRequestCarriesAreSentInBatchesAndAnsweredInOrder() throws Exception {
        try (RmsClient alice = client("alice@contoso.com")) {
            Path file = protectedMail(alice);
            List<PreLicense.Recipient> many = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                many.add(recipient("user" + i + "@contoso.com", daveKey));
            }
            many.add(recipient("bob@contoso.com", bobKey));
            int before = cloud.calls("prelicense.asmx");

            List<PreLicense> got = alice.preLicense(file, many);

            assertEquals(2, cloud.calls("prelicense.asmx") - before);
            assertEquals(151, got.size());
            for (int i = 0; i < 150; i++) {
                assertEquals("user" + i + "@contoso.com", got.get(i).identity());
                assertEquals("ACCESS_DENIED", ((PreLicense.Refused) got.get(i)).code());
            }
            assertArrayEquals(MAIL, openAsRecipient(file, ((PreLicense.Granted) got.get(150)).license(), bobKey));
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() throws Exception {
        try (RmsClient alice = client("alice@contoso.com")) {
            Path file = protectedMail(alice);
            int before = cloud.calls("prelicense.asmx");
            RmsClientException none = assertThrows(RmsClientException.class, () -> alice.preLicense(file, List.of()));
            assertEquals(RmsClientException.BAD_ARGUMENT, none.code());
            RmsClientException plain = assertThrows(RmsClientException.class, () -> alice.preLicense(
                    new ByteArrayInputStream(MAIL), List.of(recipient("bob@contoso.com", bobKey))));
            assertEquals(RmsClientException.NOT_PROTECTED, plain.code());
            RmsClientException missing = assertThrows(RmsClientException.class, () -> alice.preLicense(
                    dir.resolve("none.rmsp"), List.of(recipient("bob@contoso.com", bobKey))));
            assertEquals(RmsClientException.BAD_ARGUMENT, missing.code());
            assertEquals(before, cloud.calls("prelicense.asmx"));
        }
        assertThrows(IllegalArgumentException.class, () -> recipient(" ", bobKey));
        KeyPairGenerator weak = KeyPairGenerator.getInstance("RSA");
        weak.initialize(1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recipient("bob@contoso.com", weak.generateKeyPair()));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }
}
