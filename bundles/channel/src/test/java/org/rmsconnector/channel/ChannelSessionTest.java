package org.rmsconnector.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.Fixtures;

/** The channel session (docs/protocol.md §3.2) and the session form of the actor assertion it keys. */
class ChannelSessionTest {

    private static final KeyPair CONNECTOR = Fixtures.SERVER;
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final ActorAssertion.Binding LICENSE = ActorAssertion.Binding.of("POST",
            "/_wmcs/licensing/license.asmx", BODY);

    private static RSAPublicKey connectorPublic() {
        return (RSAPublicKey) CONNECTOR.getPublic();
    }

    private static ChannelSession open(byte[] key) throws ProtocolException {
        return ChannelSession.issue("conn-1", key, Fixtures.tenantPublic(), CONNECTOR.getPrivate(),
                Keys.thumbprint(connectorPublic()), NOW, Duration.ofMinutes(30));
    }

    private static ActorAssertion.Claims claims() {
        return new ActorAssertion.Claims("conn-1", "EXCH01$", "CONTOSO\\Exchange Servers", "exchange", null, true,
                "req-1");
    }

    @Test
    void theCloudLearnsTheKeyOnlyWithTheTenantKeyAndOnlyForThisAssertion() throws Exception {
        byte[] key = ChannelSession.newKey();
        ChannelSession s = open(key);
        assertFalse(s.compact().contains(Base64.getUrlEncoder().withoutPadding().encodeToString(key)),
                "the key travels wrapped");
        ChannelSession v = ChannelSession.verify(s.compact(), connectorPublic(), NOW.plusSeconds(5));
        assertEquals("conn-1", v.connectorId());
        assertEquals(NOW.plus(Duration.ofMinutes(30)), v.expiresAt());
        assertArrayEquals(key, v.unwrapKey(Fixtures.tenantPrivate()));
        assertRefused(Reason.WRONG_KEY, () -> v.unwrapKey(Fixtures.OTHER_TENANT.getPrivate()));
    }

    @Test
    void aSessionAssertionSignedByAnotherKeyOrExpiredIsRefused() throws Exception {
        ChannelSession s = open(ChannelSession.newKey());
        assertRefused(Reason.WRONG_KEY, () -> ChannelSession.verify(s.compact(),
                (RSAPublicKey) Fixtures.OTHER_SERVER.getPublic(), NOW));
        assertRefused(Reason.EXPIRED, () -> ChannelSession.verify(s.compact(), connectorPublic(),
                NOW.plus(Duration.ofMinutes(31))));
        assertThrows(IllegalArgumentException.class, () -> ChannelSession.issue("conn-1", ChannelSession.newKey(),
                Fixtures.tenantPublic(), CONNECTOR.getPrivate(), "kid", NOW, Duration.ofHours(2)));
    }

    @Test
    void aSessionFormAssertionVerifiesWithTheKeyForTheRequestItIsBoundTo() throws Exception {
        byte[] key = ChannelSession.newKey();
        ActorAssertion a = ActorAssertion.issue(claims(), "sess-1", key, LICENSE, NOW);
        assertEquals("sess-1", ActorAssertion.sessionIdOf(a.compact()));
        ActorAssertion v = ActorAssertion.verifySession(a.compact(), key, LICENSE, NOW.plusSeconds(1));
        assertEquals(claims(), v.claims());
        assertEquals(LICENSE, v.binding());
        assertEquals(a.id(), v.id());
        assertNull(ActorAssertion.sessionIdOf(ActorAssertion.issue(claims(), CONNECTOR.getPrivate(), "kid", NOW)
                .compact()), "the signed form names no session");
    }

    @Test
    void aForgedMacAnotherKeyAnExpiredOrAMovedAssertionIsRefused() throws Exception {
        byte[] key = ChannelSession.newKey();
        ActorAssertion a = ActorAssertion.issue(claims(), "sess-1", key, LICENSE, NOW);
        String c = a.compact();
        String forged = c.substring(0, c.length() - 2) + (c.endsWith("AA") ? "BB" : "AA");
        assertRefused(Reason.BAD_SIGNATURE, () -> ActorAssertion.verifySession(forged, key, LICENSE, NOW));
        assertRefused(Reason.BAD_SIGNATURE, () -> ActorAssertion.verifySession(c, ChannelSession.newKey(), LICENSE,
                NOW));
        assertRefused(Reason.EXPIRED, () -> ActorAssertion.verifySession(c, key, LICENSE, NOW.plusSeconds(91)));
        assertRefused(Reason.BINDING_MISMATCH, () -> ActorAssertion.verifySession(c, key,
                ActorAssertion.Binding.of("POST", "/_wmcs/licensing/publish.asmx", BODY), NOW));
        assertRefused(Reason.BINDING_MISMATCH, () -> ActorAssertion.verifySession(c, key,
                ActorAssertion.Binding.of("POST", "/_wmcs/licensing/license.asmx", "{\"a\":2}".getBytes(
                        StandardCharsets.UTF_8)), NOW));
        // the signed verifier never accepts the MAC form, and the MAC verifier never the signed form
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> ActorAssertion.verify(c, connectorPublic(), NOW));
        String signed = ActorAssertion.issue(claims(), CONNECTOR.getPrivate(), "kid", NOW).compact();
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> ActorAssertion.verifySession(signed, key, LICENSE, NOW));
    }

    @Test
    void theGrantRoundTrips() throws Exception {
        ChannelSession.Grant g = new ChannelSession.Grant("sess-1", NOW);
        assertEquals(g, ChannelSession.Grant.fromJson(g.toJson()));
        assertRefused(Reason.MALFORMED, () -> ChannelSession.Grant.fromJson("{\"sessionId\":\"x\"}"));
    }
}
