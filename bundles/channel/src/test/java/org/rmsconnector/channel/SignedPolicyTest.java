package org.rmsconnector.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.TENANT_ID;
import static org.rmsconnector.protocol.Fixtures.assertRefused;
import static org.rmsconnector.protocol.Fixtures.tenantKid;
import static org.rmsconnector.protocol.Fixtures.tenantPrivate;
import static org.rmsconnector.protocol.Fixtures.tenantPublic;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.Fixtures;

class SignedPolicyTest {

    private static final List<SignedPolicy.Entry> ENTRIES = List.of(
            new SignedPolicy.Entry("EXCH01$", SignedPolicy.KIND_COMPUTER, "exchange"),
            new SignedPolicy.Entry("CONTOSO\\SharePoint Servers", SignedPolicy.KIND_GROUP, "sharepoint"),
            new SignedPolicy.Entry("svc-fci@contoso.com", SignedPolicy.KIND_ACCOUNT, "fci"));

    private static SignedPolicy issue(long version, List<SignedPolicy.Entry> entries) throws ProtocolException {
        return SignedPolicy.issue(tenantPrivate(), tenantKid(), TENANT_ID, version, entries, NOW.plusMillis(700));
    }

    @Test
    void issuesAndVerifiesEveryClaim() throws Exception {
        SignedPolicy p = issue(42, ENTRIES);
        JWSObject jws = JWSObject.parse(p.compact());
        assertEquals(JWSAlgorithm.PS256, jws.getHeader().getAlgorithm());
        assertEquals(SignedPolicy.TYPE, jws.getHeader().getType().getType());
        assertEquals(tenantKid(), jws.getHeader().getKeyID());

        SignedPolicy v = SignedPolicy.verify(p.compact(), tenantPublic());
        assertEquals(42, v.version());
        assertEquals(ENTRIES, v.entries());
        assertEquals(TENANT_ID, v.issuer());
        assertEquals(NOW, v.issuedAt(), "iat is truncated to seconds");
        assertEquals(tenantKid(), v.tenantKid());
        assertEquals(p, v);
        assertEquals(p.compact(), v.compact());
    }

    @Test
    void anEmptyListIsAList() throws Exception {
        SignedPolicy v = SignedPolicy.verify(issue(0, List.of()).compact(), tenantPublic());
        assertEquals(0, v.version());
        assertTrue(v.entries().isEmpty());
    }

    @Test
    void refusesAlteredEntriesAsBadSignature() throws Exception {
        SignedPolicy p = issue(7, ENTRIES);
        String[] parts = p.compact().split("\\.");
        Map<String, Object> claims = new LinkedHashMap<>(JWSObject.parse(p.compact()).getPayload().toJSONObject());
        List<Object> entries = new ArrayList<>((List<?>) claims.get("entries"));
        entries.add(Map.of("account", "EVIL$", "kind", "computer", "role", "exchange"));
        claims.put("entries", entries);
        String tampered = parts[0] + "." + new Payload(claims).toBase64URL() + "." + parts[2];
        assertRefused(Reason.BAD_SIGNATURE, () -> SignedPolicy.verify(tampered, tenantPublic()));
    }

    @Test
    void refusesAnotherTenantsKey() throws Exception {
        SignedPolicy p = issue(7, ENTRIES);
        assertRefused(Reason.WRONG_KEY,
                () -> SignedPolicy.verify(p.compact(), (RSAPublicKey) Fixtures.OTHER_TENANT.getPublic()));
        // signed by another key while claiming the tenant's key id
        SignedPolicy forged = SignedPolicy.issue(Fixtures.OTHER_TENANT.getPrivate(), tenantKid(), TENANT_ID, 8,
                ENTRIES, NOW);
        assertRefused(Reason.BAD_SIGNATURE, () -> SignedPolicy.verify(forged.compact(), tenantPublic()));
    }

    @Test
    void refusesOtherTypesAndBadClaims() throws Exception {
        String cert = Fixtures.exchangeCertificate().compact();
        assertRefused(Reason.WRONG_TYPE, () -> SignedPolicy.verify(cert, tenantPublic()));
        assertRefused(Reason.MALFORMED, () -> SignedPolicy.verify("x.y", tenantPublic()));

        Map<String, Object> badRole = claims(List.of(Map.of("account", "A$", "kind", "computer", "role", "admin")));
        assertRefused(Reason.MALFORMED, () -> SignedPolicy.verify(sign(badRole), tenantPublic()));
        Map<String, Object> badKind = claims(List.of(Map.of("account", "A$", "kind", "robot", "role", "fci")));
        assertRefused(Reason.MALFORMED, () -> SignedPolicy.verify(sign(badKind), tenantPublic()));
        Map<String, Object> twice = claims(List.of(Map.of("account", "A$", "kind", "computer", "role", "fci"),
                Map.of("account", "a$", "kind", "computer", "role", "exchange")));
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> SignedPolicy.verify(sign(twice), tenantPublic()));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        Map<String, Object> noEntries = claims(List.of());
        noEntries.remove("entries");
        assertRefused(Reason.MALFORMED, () -> SignedPolicy.verify(sign(noEntries), tenantPublic()));
        Map<String, Object> negative = claims(List.of());
        negative.put("version", -1L);
        assertRefused(Reason.MALFORMED, () -> SignedPolicy.verify(sign(negative), tenantPublic()));

        assertThrows(IllegalArgumentException.class, () -> new SignedPolicy.Entry("A$", "computer", "admin"));
        assertThrows(IllegalArgumentException.class, () -> issue(1, List.of(ENTRIES.get(0), ENTRIES.get(0))));
        assertThrows(IllegalArgumentException.class, () -> issue(-1, ENTRIES));
    }

    @Test
    void parseUnverifiedReadsWithoutTheKey() throws Exception {
        SignedPolicy forged = SignedPolicy.issue(Fixtures.OTHER_TENANT.getPrivate(), tenantKid(), TENANT_ID, 9,
                ENTRIES, NOW);
        assertEquals(9, SignedPolicy.parseUnverified(forged.compact()).version());
    }

    private static Map<String, Object> claims(List<?> entries) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ver", 1L);
        m.put("iss", TENANT_ID);
        m.put("version", 3L);
        m.put("entries", entries);
        m.put("iat", NOW.getEpochSecond());
        return m;
    }

    private static String sign(Map<String, Object> claims) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.PS256)
                .type(new JOSEObjectType(SignedPolicy.TYPE)).keyID(tenantKid()).build(), new Payload(claims));
        jws.sign(new RSASSASigner(tenantPrivate()));
        return jws.serialize();
    }
}
