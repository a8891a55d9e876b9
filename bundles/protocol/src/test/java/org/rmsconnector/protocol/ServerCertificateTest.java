package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.jose.Jose;

class ServerCertificateTest {

    @Test
    void issuesAndVerifies() throws Exception {
        ServerCertificate c = Fixtures.exchangeCertificate();
        JWSObject jws = JWSObject.parse(c.compact());
        assertEquals(JWSAlgorithm.PS256, jws.getHeader().getAlgorithm());
        assertEquals(ServerCertificate.TYPE, jws.getHeader().getType().getType());
        assertEquals(Fixtures.tenantKid(), jws.getHeader().getKeyID());

        ServerCertificate v = ServerCertificate.verify(c.compact(), Fixtures.tenantPublic(), NOW.plusSeconds(5));
        assertEquals(Fixtures.TENANT_ID, v.issuer());
        assertEquals("CONTOSO\\EXCH01$", v.subject());
        assertEquals(ServerCertificate.ROLE_EXCHANGE, v.role());
        assertEquals(PublicJwk.of(Fixtures.serverPublic()), v.publicKey());
        assertEquals(NOW, v.issuedAt());
        assertEquals(NOW.plus(Duration.ofDays(365)), v.expiresAt());
        assertEquals(c.serial(), v.serial());
        assertEquals(22, v.serial().length());
        assertEquals(Fixtures.tenantKid(), v.tenantKid());
    }

    @Test
    void onlineUserHasNoRole() throws Exception {
        ServerCertificate c = ServerCertificate.issue(Fixtures.tenantPrivate(), Fixtures.tenantKid(), Fixtures.TENANT_ID,
                "bob@contoso.com", null, PublicJwk.of(Fixtures.serverPublic()), NOW, NOW.plusSeconds(3600));
        assertNull(ServerCertificate.verify(c.compact(), Fixtures.tenantPublic(), NOW).role());
        assertTrue(!c.compact().contains(Base64URL.encode("\"role\"").toString()));
        assertThrows(IllegalArgumentException.class, () -> ServerCertificate.issue(Fixtures.tenantPrivate(),
                Fixtures.tenantKid(), Fixtures.TENANT_ID, "x", "admin", PublicJwk.of(Fixtures.serverPublic()), NOW,
                NOW.plusSeconds(1)));
    }

    @Test
    void refusesExpiredAndNotYetValidWithSkew() throws Exception {
        ServerCertificate c = ServerCertificate.issue(Fixtures.tenantPrivate(), Fixtures.tenantKid(), Fixtures.TENANT_ID,
                "CONTOSO\\SP01$", ServerCertificate.ROLE_SHAREPOINT, PublicJwk.of(Fixtures.serverPublic()), NOW,
                NOW.plusSeconds(3600));
        ServerCertificate.verify(c.compact(), Fixtures.tenantPublic(), NOW.minusSeconds(30));
        ServerCertificate.verify(c.compact(), Fixtures.tenantPublic(), NOW.plusSeconds(3630));
        assertRefused(Reason.NOT_YET_VALID,
                () -> ServerCertificate.verify(c.compact(), Fixtures.tenantPublic(), NOW.minusSeconds(61)));
        assertRefused(Reason.EXPIRED,
                () -> ServerCertificate.verify(c.compact(), Fixtures.tenantPublic(), NOW.plusSeconds(3660)));
    }

    @Test
    void refusesAnotherTenantsKeyAsWrongKey() throws Exception {
        ServerCertificate c = Fixtures.exchangeCertificate();
        ProtocolException e = assertRefused(Reason.WRONG_KEY, () -> ServerCertificate.verify(c.compact(),
                (java.security.interfaces.RSAPublicKey) Fixtures.OTHER_TENANT.getPublic(), NOW));
        assertTrue(e.getMessage().contains(Fixtures.tenantKid()), e.getMessage());
    }

    @Test
    void refusesTamperedPayloadAsBadSignature() throws Exception {
        ServerCertificate c = Fixtures.exchangeCertificate();
        String[] p = c.compact().split("\\.");
        String claims = new Base64URL(p[1]).decodeToString().replace("CONTOSO\\\\EXCH01$", "CONTOSO\\\\EVIL01$");
        p[1] = Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)).toString();
        String forged = String.join(".", p);
        assertRefused(Reason.BAD_SIGNATURE, () -> ServerCertificate.verify(forged, Fixtures.tenantPublic(), NOW));

        byte[] sig = new Base64URL(c.compact().split("\\.")[2]).decode();
        sig[10] ^= 1;
        String badSig = c.compact().substring(0, c.compact().lastIndexOf('.') + 1) + Base64URL.encode(sig);
        assertRefused(Reason.BAD_SIGNATURE, () -> ServerCertificate.verify(badSig, Fixtures.tenantPublic(), NOW));
    }

    @Test
    void refusesMalformedAndTruncated() throws Exception {
        String compact = Fixtures.exchangeCertificate().compact();
        assertRefused(Reason.MALFORMED, () -> ServerCertificate.verify("", Fixtures.tenantPublic()));
        assertRefused(Reason.MALFORMED, () -> ServerCertificate.verify("garbage", Fixtures.tenantPublic()));
        assertRefused(Reason.MALFORMED,
                () -> ServerCertificate.verify(compact.substring(0, compact.lastIndexOf('.')), Fixtures.tenantPublic()));
        assertRefused(Reason.BAD_SIGNATURE,
                () -> ServerCertificate.verify(compact.substring(0, compact.length() - 20), Fixtures.tenantPublic(), NOW));
    }

    @Test
    void refusesOtherAlgorithmsAndTypes() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(JWSObject.parse(Fixtures.exchangeCertificate().compact())
                .getPayload().toJSONObject());

        JWSObject hs = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType(ServerCertificate.TYPE)).build(), new Payload(claims));
        hs.sign(new MACSigner(new byte[32]));
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> ServerCertificate.verify(hs.serialize(), Fixtures.tenantPublic()));

        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"rms-scert+jwt\"}") + "."
                + Base64URL.encode(json(claims)) + ".";
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ServerCertificate.verify(none, Fixtures.tenantPublic()));
        assertTrue(e.reason() == Reason.MALFORMED || e.reason() == Reason.UNSUPPORTED_ALGORITHM, e.toString());

        // A use license (or anything else the tenant signs) is not a certificate.
        String wrongType = Jose.sign(claims, UseLicense.TYPE, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        assertRefused(Reason.WRONG_TYPE, () -> ServerCertificate.verify(wrongType, Fixtures.tenantPublic(), NOW));

        JWSObject crit = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.PS256)
                .type(new JOSEObjectType(ServerCertificate.TYPE)).criticalParams(java.util.Set.of("x")).customParam("x", 1)
                .build(), new Payload(claims));
        crit.sign(new RSASSASigner(Fixtures.tenantPrivate()));
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> ServerCertificate.verify(crit.serialize(), Fixtures.tenantPublic()));
    }

    @Test
    void acceptsRs256FromLegacyHsms() throws Exception {
        Map<String, Object> claims = JWSObject.parse(Fixtures.exchangeCertificate().compact()).getPayload().toJSONObject();
        JWSObject rs = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType(ServerCertificate.TYPE)).keyID(Fixtures.tenantKid()).build(), new Payload(claims));
        rs.sign(new RSASSASigner(Fixtures.tenantPrivate()));
        assertEquals("CONTOSO\\EXCH01$",
                ServerCertificate.verify(rs.serialize(), Fixtures.tenantPublic(), NOW).subject());
    }

    @Test
    void refusesUnsupportedVersion() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(JWSObject.parse(Fixtures.exchangeCertificate().compact())
                .getPayload().toJSONObject());
        claims.put("ver", 2L);
        String v2 = Jose.sign(claims, ServerCertificate.TYPE, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        assertRefused(Reason.UNSUPPORTED_VERSION, () -> ServerCertificate.verify(v2, Fixtures.tenantPublic(), NOW));
    }

    @Test
    void refusesSignedButIncompleteClaimsNamingTheField() throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>(JWSObject.parse(Fixtures.exchangeCertificate().compact())
                .getPayload().toJSONObject());
        claims.remove("sub");
        String noSub = Jose.sign(claims, ServerCertificate.TYPE, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        ProtocolException e = assertRefused(Reason.MALFORMED,
                () -> ServerCertificate.verify(noSub, Fixtures.tenantPublic(), NOW));
        assertTrue(e.getMessage().contains("sub"), e.getMessage());
    }

    @Test
    void parseUnverifiedReadsWithoutAKey() throws Exception {
        ServerCertificate c = ServerCertificate.parseUnverified(Fixtures.exchangeCertificate().compact());
        assertEquals("CONTOSO\\EXCH01$", c.subject());
        assertEquals(ServerCertificate.ROLE_EXCHANGE, c.role());
    }

    private static String json(Map<String, Object> m) {
        return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(m);
    }
}
