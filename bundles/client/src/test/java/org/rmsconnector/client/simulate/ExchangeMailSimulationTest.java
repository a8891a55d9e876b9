package org.rmsconnector.client.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @BeforeEach
    void message() throws Exception {
        rms = new InMemoryRmsClient("EXCH01$");
        eml = Files.writeString(dir.resolve("mail.eml"), MAIL);
    }

    @Test
    void protectsDoNotForwardForEachRecipientOnBehalfOfTheSender() throws Exception {
        ExchangeMailSimulation.Result r = new ExchangeMailSimulation(rms).run(eml, null, null, false);

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
        assertEquals("unsupported", r.preLicense().status());
        assertTrue(InMemoryRmsClient.same(eml, r.decryptedFile()));
    }

    @Test
    void aChangedMessageIsNotOk() throws Exception {
        rms.alterOnUnprotect = true;
        ExchangeMailSimulation.Result r = new ExchangeMailSimulation(rms).run(eml, dir.resolve("out"), null, false);
        assertFalse(r.identical());
        assertFalse(r.ok());
    }

    @Test
    void anOwnerMayBeNamedAndOutputsReplaced() throws Exception {
        ExchangeMailSimulation sim = new ExchangeMailSimulation(rms);
        sim.run(eml, null, null, false);
        RmsClientException exists = assertThrows(RmsClientException.class, () -> sim.run(eml, null, null, false));
        assertEquals(RmsClientException.OUTPUT_EXISTS, exists.code());
        assertEquals("EXCH01$", sim.run(eml, null, "EXCH01$", true).owner());
    }

    @Test
    void unusableMessagesAreBadArguments() throws Exception {
        ExchangeMailSimulation sim = new ExchangeMailSimulation(rms);
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
