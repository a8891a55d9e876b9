package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.TENANT_ID;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.JWSObject;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.jose.Jose;

/** ES256 use licenses signed by a tenant's EC license signing key, endorsed by its RSA tenant key. */
class LicenseSigningKeyTest {

    private static final KeyPair EC = Keys.generateP256KeyPair();

    private static ECPublicKey ecPublic() {
        return (ECPublicKey) EC.getPublic();
    }

    @Test
    void theTenantKeyEndorsesTheEcKeyAndTheEndorsementVerifiesOnlyWithIt() throws Exception {
        LicenseSigningKey endorsed = LicenseSigningKey.endorse(TENANT_ID, ecPublic(), Fixtures.tenantPrivate(),
                Fixtures.tenantKid(), NOW);
        assertEquals("PS256", JWSObject.parse(endorsed.compact()).getHeader().getAlgorithm().getName());
        assertEquals(Fixtures.tenantKid(), LicenseSigningKey.endorserKid(endorsed.compact()));

        LicenseSigningKey verified = LicenseSigningKey.verify(endorsed.compact(), Fixtures.tenantPublic());
        assertEquals(ecPublic().getW(), verified.publicKey().getW());
        assertEquals(Keys.thumbprint(ecPublic()), verified.kid());
        assertEquals(TENANT_ID, verified.issuer());
        assertRefused(Reason.WRONG_KEY, () -> LicenseSigningKey.verify(endorsed.compact(),
                (RSAPublicKey) Fixtures.OTHER_TENANT.getPublic()));
    }

    @Test
    void anEs256UseLicenseVerifiesWithTheEcKeyOnly() throws Exception {
        byte[] key = ContentKeys.generate();
        UseLicense.Terms terms = new UseLicense.Terms(TENANT_ID, PublishingLicense.newContentId(), "CONTOSO\\EXCH01$",
                null, EnumSet.of(Right.VIEW), NOW, NOW.plus(Duration.ofDays(1)));
        UseLicense issued = UseLicense.issue(terms, key, Fixtures.serverPublic(), EC.getPrivate(),
                Keys.thumbprint(ecPublic()));
        assertEquals("ES256", JWSObject.parse(issued.compact()).getHeader().getAlgorithm().getName());
        assertEquals(Keys.thumbprint(ecPublic()), UseLicense.parseUnverified(issued.compact()).tenantKid());

        UseLicense ul = UseLicense.verify(issued.compact(), ecPublic(), NOW.plusSeconds(5));
        assertEquals(terms, ul.terms());
        assertArrayEquals(key, ul.unwrapContentKey(Fixtures.SERVER.getPrivate()));

        // the header never chooses the key type: an ES256 license does not go with an RSA key, and the reverse
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> UseLicense.verify(issued.compact(), Fixtures.tenantPublic(),
                NOW));
        UseLicense rsaSigned = UseLicense.issue(terms, key, Fixtures.serverPublic(), Fixtures.tenantPrivate(),
                Fixtures.tenantKid());
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> UseLicense.verify(rsaSigned.compact(), ecPublic(), NOW));
        // another EC key: the signature fails and the kid says whose it is
        ECPublicKey other = (ECPublicKey) Keys.generateP256KeyPair().getPublic();
        assertRefused(Reason.WRONG_KEY, () -> UseLicense.verify(issued.compact(), other, NOW));
    }

    @Test
    void certificatesPublishingLicensesAndPoliciesStayRsaOnly() throws Exception {
        String ecSigned = Jose.sign(Map.of("ver", 1, "iss", TENANT_ID), PublishingLicense.TYPE, EC.getPrivate(),
                Keys.thumbprint(ecPublic()));
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> PublishingLicense.verify(ecSigned, Fixtures.tenantPublic()));
    }

    @Test
    void theCertifyAnswerCarriesTheEndorsementOnlyWhenThereIsOne() throws Exception {
        LicenseSigningKey endorsed = LicenseSigningKey.endorse(TENANT_ID, ecPublic(), Fixtures.tenantPrivate(),
                Fixtures.tenantKid(), NOW);
        String cert = Fixtures.exchangeCertificate().compact();
        CertifyResponse with = new CertifyResponse(cert, List.of(PublicJwk.of(Fixtures.tenantPublic())),
                endorsed.compact());
        assertEquals(with, CertifyResponse.fromJson(with.toJson()));
        CertifyResponse without = new CertifyResponse(cert, List.of(PublicJwk.of(Fixtures.tenantPublic())));
        assertNull(CertifyResponse.fromJson(without.toJson()).licenseSigningKey());
        assertEquals(false, without.toJson().contains("licenseSigningKey"));
    }

    @Test
    void refusesAnEndorsedKeyThatIsNotAPublicP256Key() throws Exception {
        // a JWK with private material
        Map<String, Object> jwk = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                ecPublic()).privateKey(EC.getPrivate()).build().toJSONObject();
        String withPrivate = Jose.sign(Map.of("ver", 1, "iss", TENANT_ID, "jwk", jwk, "iat", NOW.getEpochSecond()),
                LicenseSigningKey.TYPE, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        assertRefused(Reason.MALFORMED, () -> LicenseSigningKey.verify(withPrivate, Fixtures.tenantPublic()));
        // a kid that is not the thumbprint
        Map<String, Object> renamed = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                ecPublic()).keyID("someone-else").build().toJSONObject();
        String wrongKid = Jose.sign(Map.of("ver", 1, "iss", TENANT_ID, "jwk", renamed, "iat", NOW.getEpochSecond()),
                LicenseSigningKey.TYPE, Fixtures.tenantPrivate(), Fixtures.tenantKid());
        assertRefused(Reason.MALFORMED, () -> LicenseSigningKey.verify(wrongKid, Fixtures.tenantPublic()));
    }
}
