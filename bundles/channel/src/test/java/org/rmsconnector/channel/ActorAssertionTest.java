package org.rmsconnector.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.Fixtures;

class ActorAssertionTest {

    // the connector's key: reuse the shared server key pair (RSA-3072 generation is slow)
    private static final KeyPair CONNECTOR = Fixtures.SERVER;
    private static final KeyPair OTHER = Fixtures.OTHER_SERVER;

    private static RSAPublicKey connectorPublic() {
        return (RSAPublicKey) CONNECTOR.getPublic();
    }

    private static String connectorKid() {
        return Keys.thumbprint(connectorPublic());
    }

    private static ActorAssertion.Claims exchangeClaims() {
        return new ActorAssertion.Claims("conn-1", "EXCH01$", "CONTOSO\\Exchange Servers", "exchange",
                "bob@contoso.com", true, "req-42");
    }

    @Test
    void issuesAndVerifiesEveryClaim() throws Exception {
        ActorAssertion a = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW);
        JWSObject jws = JWSObject.parse(a.compact());
        assertEquals(JWSAlgorithm.PS256, jws.getHeader().getAlgorithm());
        assertEquals(ActorAssertion.TYPE, jws.getHeader().getType().getType());
        assertEquals(connectorKid(), jws.getHeader().getKeyID());

        ActorAssertion v = ActorAssertion.verify(a.compact(), connectorPublic(), NOW.plusSeconds(10));
        assertEquals(exchangeClaims(), v.claims());
        assertEquals("conn-1", v.connectorId());
        assertEquals("EXCH01$", v.subject());
        assertEquals("CONTOSO\\Exchange Servers", v.entry());
        assertEquals("exchange", v.role());
        assertEquals("bob@contoso.com", v.onBehalfOf());
        assertTrue(v.superUser());
        assertEquals("req-42", v.requestId());
        assertEquals(a.id(), v.id());
        assertEquals(22, v.id().length());
        assertEquals(NOW, v.issuedAt());
        assertEquals(NOW.plus(ActorAssertion.MAX_LIFETIME), v.expiresAt());
        assertEquals("RMS-Actor " + a.compact(), a.authorizationHeader());
    }

    @Test
    void eachAssertionHasItsOwnId() throws Exception {
        ActorAssertion a = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW);
        ActorAssertion b = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW);
        assertNotEquals(a.id(), b.id());
    }

    @Test
    void rs256IsAcceptedForHsmsWithoutPss() throws Exception {
        ActorAssertion a = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW,
                Duration.ofSeconds(30), JWSAlgorithm.RS256);
        assertEquals(JWSAlgorithm.RS256, JWSObject.parse(a.compact()).getHeader().getAlgorithm());
        assertEquals(NOW.plusSeconds(30), ActorAssertion.verify(a.compact(), connectorPublic(), NOW).expiresAt());
        assertThrows(IllegalArgumentException.class, () -> ActorAssertion.issue(exchangeClaims(),
                CONNECTOR.getPrivate(), connectorKid(), NOW, Duration.ofSeconds(30), JWSAlgorithm.HS256));
    }

    @Test
    void connectorSpeakingForItselfHasNoEntryNorRole() throws Exception {
        ActorAssertion a = ActorAssertion.issue(ActorAssertion.Claims.ofConnector("conn-1", "r1"),
                CONNECTOR.getPrivate(), connectorKid(), NOW);
        ActorAssertion v = ActorAssertion.verify(a.compact(), connectorPublic(), NOW);
        assertNull(v.entry());
        assertNull(v.role());
        assertNull(v.onBehalfOf());
        assertFalse(v.superUser());
        assertThrows(IllegalArgumentException.class,
                () -> new ActorAssertion.Claims("c", "s", "entry", null, null, false, "r"));
        assertThrows(IllegalArgumentException.class,
                () -> new ActorAssertion.Claims("c", "s", "entry", "admin", null, false, "r"));
    }

    @Test
    void refusesAnotherKeyAsBadSignatureOrWrongKey() throws Exception {
        ActorAssertion a = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW);
        // verified with another connector's key: the header names the signer's key
        assertRefused(Reason.WRONG_KEY,
                () -> ActorAssertion.verify(a.compact(), (RSAPublicKey) OTHER.getPublic(), NOW));
        // forged: signed with another key but claiming the registered key's id
        ActorAssertion forged = ActorAssertion.issue(exchangeClaims(), OTHER.getPrivate(), connectorKid(), NOW);
        assertRefused(Reason.BAD_SIGNATURE, () -> ActorAssertion.verify(forged.compact(), connectorPublic(), NOW));
    }

    @Test
    void refusesAlteredClaimsAsBadSignature() throws Exception {
        ActorAssertion a = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW);
        String[] parts = a.compact().split("\\.");
        Map<String, Object> claims = new LinkedHashMap<>(JWSObject.parse(a.compact()).getPayload().toJSONObject());
        claims.put("entry", "CONTOSO\\Domain Admins");
        String altered = parts[0] + "." + new Payload(claims).toBase64URL() + "." + parts[2];
        assertRefused(Reason.BAD_SIGNATURE, () -> ActorAssertion.verify(altered, connectorPublic(), NOW));
    }

    @Test
    void expiresWithThirtySecondsOfSkew() throws Exception {
        ActorAssertion a = ActorAssertion.issue(exchangeClaims(), CONNECTOR.getPrivate(), connectorKid(), NOW);
        ActorAssertion.verify(a.compact(), connectorPublic(), NOW.plusSeconds(60 + 29));
        assertRefused(Reason.EXPIRED, () -> ActorAssertion.verify(a.compact(), connectorPublic(), NOW.plusSeconds(90)));
        ActorAssertion.verify(a.compact(), connectorPublic(), NOW.minusSeconds(30));
        assertRefused(Reason.NOT_YET_VALID,
                () -> ActorAssertion.verify(a.compact(), connectorPublic(), NOW.minusSeconds(31)));
    }

    @Test
    void refusesLifetimesAboveSixtySeconds() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ActorAssertion.issue(exchangeClaims(),
                CONNECTOR.getPrivate(), connectorKid(), NOW, Duration.ofSeconds(61), JWSAlgorithm.PS256));
        // a connector that signs a longer one anyway is refused, even while it is still "valid"
        String longLived = sign(claimsMap(NOW.getEpochSecond(), NOW.getEpochSecond() + 3600), ActorAssertion.TYPE);
        ProtocolException e = assertRefused(Reason.MALFORMED,
                () -> ActorAssertion.verify(longLived, connectorPublic(), NOW));
        assertTrue(e.getMessage().contains("exp"), e.getMessage());
        String backwards = sign(claimsMap(NOW.getEpochSecond(), NOW.getEpochSecond() - 1), ActorAssertion.TYPE);
        assertRefused(Reason.MALFORMED, () -> ActorAssertion.verify(backwards, connectorPublic(), NOW));
    }

    @Test
    void refusesOtherTypesAndMalformedInput() throws Exception {
        String cert = Fixtures.exchangeCertificate().compact();
        assertRefused(Reason.WRONG_TYPE, () -> ActorAssertion.verify(cert, Fixtures.tenantPublic(), NOW));
        String wrongTyp = sign(claimsMap(NOW.getEpochSecond(), NOW.getEpochSecond() + 60), "JWT");
        assertRefused(Reason.WRONG_TYPE, () -> ActorAssertion.verify(wrongTyp, connectorPublic(), NOW));
        assertRefused(Reason.MALFORMED, () -> ActorAssertion.verify("not-a-jws", connectorPublic(), NOW));
        assertRefused(Reason.MALFORMED, () -> ActorAssertion.parseUnverified("a.b"));

        Map<String, Object> noRid = claimsMap(NOW.getEpochSecond(), NOW.getEpochSecond() + 60);
        noRid.remove("rid");
        assertRefused(Reason.MALFORMED, () -> ActorAssertion.verify(sign(noRid, ActorAssertion.TYPE),
                connectorPublic(), NOW));
        Map<String, Object> badRole = claimsMap(NOW.getEpochSecond(), NOW.getEpochSecond() + 60);
        badRole.put("role", "admin");
        assertRefused(Reason.MALFORMED, () -> ActorAssertion.verify(sign(badRole, ActorAssertion.TYPE),
                connectorPublic(), NOW));
        Map<String, Object> entryWithoutRole = claimsMap(NOW.getEpochSecond(), NOW.getEpochSecond() + 60);
        entryWithoutRole.remove("role");
        assertRefused(Reason.MALFORMED, () -> ActorAssertion.verify(sign(entryWithoutRole, ActorAssertion.TYPE),
                connectorPublic(), NOW));
    }

    @Test
    void parseUnverifiedNamesTheConnector() throws Exception {
        ActorAssertion forged = ActorAssertion.issue(exchangeClaims(), OTHER.getPrivate(), connectorKid(), NOW);
        assertEquals("conn-1", ActorAssertion.parseUnverified(forged.compact()).connectorId());
    }

    private static Map<String, Object> claimsMap(long iat, long exp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ver", 1L);
        m.put("iss", "conn-1");
        m.put("sub", "EXCH01$");
        m.put("entry", "EXCH01$");
        m.put("role", "exchange");
        m.put("su", false);
        m.put("rid", "r");
        m.put("jti", "j");
        m.put("iat", iat);
        m.put("exp", exp);
        return m;
    }

    private static String sign(Map<String, Object> claims, String typ) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.PS256).type(new JOSEObjectType(typ))
                .keyID(connectorKid()).build(), new Payload(claims));
        jws.sign(new RSASSASigner(CONNECTOR.getPrivate()));
        return jws.serialize();
    }
}
