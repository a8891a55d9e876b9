package org.rmsconnector.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.PreLicense;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.Right;

/** What the Exchange simulation asks of the SDK, and how it judges the answers. */
class ExchangeMailSimulationTest {

    static final String MAIL = "From: \"Alice\" <alice@contoso.com>\r\n"
            + "To: \"Smith, Bob\" <bob@contoso.com>,\r\n carol@contoso.com\r\n"
            + "Cc: Bob <BOB@contoso.com>, dave@fabrikam.com\r\n"
            + "Subject: numbers\r\n\r\nQuarterly numbers: 42\r\n";

    @TempDir
    Path dir;
    InMemoryRmsClient rms;
    Path eml;

    /** The recipients' key pairs: 2048 bits (the smallest accepted) and made once, to keep the tests quick. */
    static List<KeyPair> keys;
    int nextKey;

    @BeforeAll
    static void recipientKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(g.generateKeyPair());
        }
    }

    @BeforeEach
    void message() throws Exception {
        rms = new InMemoryRmsClient("EXCH01$");
        eml = Files.writeString(dir.resolve("mail.eml"), MAIL);
    }

    ExchangeMailSimulation simulation() {
        return new ExchangeMailSimulation(rms, () -> keys.get(nextKey++ % keys.size()));
    }

    @Test
    void protectsDoNotForwardForEachRecipientOnBehalfOfTheSender() throws Exception {
        ExchangeMailSimulation.Result r = simulation().run(eml, null, null, false);

        assertTrue(r.ok());
        assertTrue(r.identical());
        assertEquals("alice@contoso.com", r.owner());
        assertEquals(dir.resolve("mail.eml.rmsp"), r.protectedFile());
        assertEquals(dir.resolve("mail.decrypted.eml"), r.decryptedFile());
        ProtectOptions sent = rms.published.get(r.protection().info().contentId());
        assertEquals("alice@contoso.com", sent.owner());
        Set<Right> dnf = Set.of(Right.VIEW, Right.REPLY, Right.REPLYALL, Right.VIEWRIGHTSDATA);
        assertEquals(Set.of(new Grant("bob@contoso.com", dnf), new Grant("carol@contoso.com", dnf),
                new Grant("dave@fabrikam.com", dnf)), Set.copyOf(((Policy.AdHoc) sent.policy()).grants()));
        assertEquals(Set.of(Right.OWNER), r.transport().rights());
        assertTrue(InMemoryRmsClient.same(eml, r.decryptedFile()));
    }

    @Test
    void preLicensesEachRecipientForTheirOwnKeyAndProvesTheLicenseOpensTheMessage() throws Exception {
        ExchangeMailSimulation.Result r = simulation().run(eml, null, null, false);

        assertEquals("ok", r.preLicense().status());
        assertTrue(r.ok());
        List<PreLicense.Recipient> asked = rms.preLicenseRequests.get(0);
        assertEquals(List.of("bob@contoso.com", "carol@contoso.com", "dave@fabrikam.com"),
                asked.stream().map(PreLicense.Recipient::identity).toList());
        assertEquals(3, asked.stream().map(PreLicense.Recipient::publicKey).distinct().count(),
                "each recipient has a key of their own");
        assertEquals(List.of("bob@contoso.com", "carol@contoso.com", "dave@fabrikam.com"),
                r.preLicense().recipients().stream().map(ExchangeMailSimulation.RecipientLicense::identity).toList());
        for (ExchangeMailSimulation.RecipientLicense l : r.preLicense().recipients()) {
            assertEquals("licensed", l.outcome());
            assertEquals(ExchangeMailSimulation.DO_NOT_FORWARD, l.rights());
            assertTrue(l.decrypts(), l.toString());
            assertNull(l.message(), l.toString());
            assertNotNull(l.licenseExpiresAt());
        }
    }

    @Test
    void aRecipientTheServiceRefusesFailsTheStep() throws Exception {
        rms.preLicenseDenied = Set.of("carol@contoso.com");
        ExchangeMailSimulation.Result r = simulation().run(eml, null, null, false);

        assertEquals("failed", r.preLicense().status());
        assertFalse(r.ok());
        assertTrue(r.identical(), "the transport step is not affected");
        ExchangeMailSimulation.RecipientLicense carol = r.preLicense().recipients().get(1);
        assertEquals("refused", carol.outcome());
        assertEquals("not_granted", carol.code());
        assertFalse(carol.decrypts());
        assertEquals(Set.of(), carol.rights());
        assertTrue(r.preLicense().recipients().get(0).asRuled());
    }

    @Test
    void rightsBeyondDoNotForwardFailTheStepThoughTheLicenseDecrypts() throws Exception {
        rms.extraPreLicenseRights = Set.of(Right.PRINT);
        ExchangeMailSimulation.Result r = simulation().run(eml, null, null, false);

        assertEquals("failed", r.preLicense().status());
        ExchangeMailSimulation.RecipientLicense bob = r.preLicense().recipients().get(0);
        assertEquals("licensed", bob.outcome());
        assertTrue(bob.decrypts());
        assertTrue(bob.message().contains("not exactly the Do-Not-Forward rights"), bob.message());
        assertFalse(bob.asRuled());
    }

    @Test
    void aLicenseForAnotherKeyDoesNotDecrypt() throws Exception {
        rms.preLicenseToOtherKey = true;
        ExchangeMailSimulation.Result r = simulation().run(eml, null, null, false);

        assertEquals("failed", r.preLicense().status());
        for (ExchangeMailSimulation.RecipientLicense l : r.preLicense().recipients()) {
            assertFalse(l.decrypts(), l.toString());
            assertTrue(l.message().contains("does not unwrap the content key"), l.message());
        }
    }

    @Test
    void theOwnerAmongTheRecipientsHoldsOwner() throws Exception {
        Path toSelf = Files.writeString(dir.resolve("self.eml"),
                "From: alice@contoso.com\r\nTo: bob@contoso.com\r\nCc: Alice <ALICE@contoso.com>\r\n\r\nnote\r\n");
        ExchangeMailSimulation.Result r = simulation().run(toSelf, null, null, false);

        assertEquals("ok", r.preLicense().status(), r.preLicense().toString());
        assertTrue(r.preLicense().recipients().get(1).rights().contains(Right.OWNER));
    }

    @Test
    void aRequestRefusedAsAWholeFailsTheStepAndAnUnavailableServiceEndsTheRun() throws Exception {
        rms.refusePreLicense = new RmsClientException("prelicense_not_allowed", "only Exchange servers and the "
                + "content's owner may obtain licenses for recipients");
        ExchangeMailSimulation.Result r = simulation().run(eml, null, null, false);
        assertEquals("failed", r.preLicense().status());
        assertEquals("prelicense_not_allowed", r.preLicense().code());
        assertTrue(r.preLicense().recipients().isEmpty());
        assertFalse(r.ok());

        rms.refusePreLicense = new RmsClientException(RmsClientException.SERVICE_UNAVAILABLE, "try later");
        RmsClientException e = assertThrows(RmsClientException.class, () -> simulation().run(eml, null, null, true));
        assertEquals(RmsClientException.SERVICE_UNAVAILABLE, e.code());
    }

    @Test
    void aChangedMessageIsNotOk() throws Exception {
        rms.alterOnUnprotect = true;
        ExchangeMailSimulation.Result r = simulation().run(eml, dir.resolve("out"), null, false);
        assertFalse(r.identical());
        assertFalse(r.ok());
    }

    @Test
    void anOwnerMayBeNamedAndOutputsReplaced() throws Exception {
        ExchangeMailSimulation sim = simulation();
        sim.run(eml, null, null, false);
        RmsClientException exists = assertThrows(RmsClientException.class, () -> sim.run(eml, null, null, false));
        assertEquals(RmsClientException.OUTPUT_EXISTS, exists.code());
        assertEquals("EXCH01$", sim.run(eml, null, "EXCH01$", true).owner());
    }

    @Test
    void unusableMessagesAreBadArguments() throws Exception {
        ExchangeMailSimulation sim = simulation();
        for (String bad : List.of("From: alice@contoso.com\n\nno recipients", "To: bob@contoso.com\n\nno sender",
                "To: \"unterminated <bob@contoso.com>\n\n", "not a header\n\n")) {
            Path f = Files.writeString(dir.resolve("bad.eml"), bad);
            RmsClientException e = assertThrows(RmsClientException.class, () -> sim.run(f, null, null, true), bad);
            assertEquals(RmsClientException.BAD_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("is not a usable RFC 822 message"), e.getMessage());
        }
        RmsClientException missing = assertThrows(RmsClientException.class,
                () -> sim.run(dir.resolve("none.eml"), null, null, false));
        assertTrue(missing.getMessage().endsWith("does not exist"));
        assertTrue(rms.protectedInputs.isEmpty());
    }
}
