package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.util.Base64URL;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class KeysTest {

    // RFC 7638 section 3.1: the example key and its SHA-256 thumbprint.
    private static final String RFC_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    private static final String RFC_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    @Test
    void generatesRsa3072() {
        RSAPublicKey pub = (RSAPublicKey) Fixtures.TENANT.getPublic();
        assertEquals(3072, pub.getModulus().bitLength());
    }

    @Test
    void thumbprintMatchesRfc7638Example() throws Exception {
        PublicJwk jwk = PublicJwk.fromJson("{\"kty\":\"RSA\",\"n\":\"" + RFC_N + "\",\"e\":\"AQAB\",\"alg\":\"RS256\"}");
        assertEquals(RFC_THUMBPRINT, jwk.kid());
        assertEquals(RFC_THUMBPRINT, Keys.thumbprint(jwk.publicKey()));
    }

    @Test
    void jwkRoundTrip() throws Exception {
        PublicJwk jwk = PublicJwk.of(Fixtures.serverPublic());
        String json = jwk.toJson();
        assertTrue(json.contains("\"kid\":\"" + jwk.kid() + "\""), json);
        PublicJwk back = PublicJwk.fromJson(json);
        assertEquals(jwk, back);
        assertEquals(Fixtures.serverPublic(), back.publicKey());
        assertNotEquals(jwk, PublicJwk.of(Fixtures.tenantPublic()));
    }

    @Test
    void refusesPrivateKeyMaterial() {
        String json = PublicJwk.of(Fixtures.serverPublic()).toJson().replace("}", ",\"d\":\"AQAB\"}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson(json));
        assertTrue(e.getMessage().contains("JWK.d"), e.getMessage());
    }

    @Test
    void refusesKidThatIsNotTheThumbprint() {
        PublicJwk jwk = PublicJwk.of(Fixtures.serverPublic());
        String json = jwk.toJson().replace(jwk.kid(), Keys.thumbprint(Fixtures.tenantPublic()));
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson(json));
        assertTrue(e.getMessage().contains("JWK.kid"), e.getMessage());
    }

    @Test
    void refusesWeakKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        RSAPublicKey weak = (RSAPublicKey) g.generateKeyPair().getPublic();
        assertThrows(IllegalArgumentException.class, () -> PublicJwk.of(weak));
        String json = "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"" + Base64URL.encode(weak.getModulus()) + "\"}";
        assertRefused(Reason.WEAK_KEY, () -> PublicJwk.fromJson(json));
    }

    @Test
    void refusesOtherKeyTypesAndBadEncodings() {
        assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson("{\"kty\":\"EC\",\"crv\":\"P-256\"}"));
        assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson("{\"kty\":\"RSA\",\"e\":\"AQAB\"}"));
        assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"AA" + RFC_N + "\"}"));
        assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson("{\"kty\":\"RSA\",\"e\":\"AAE\",\"n\":\"" + RFC_N + "\"}"));
        assertRefused(Reason.MALFORMED, () -> PublicJwk.fromJson("not json"));
    }

    @Test
    void randomIdsAre128BitBase64Url() {
        String a = Keys.newRandomId();
        assertEquals(22, a.length());
        assertEquals(16, new Base64URL(a).decode().length);
        assertFalse(a.equals(Keys.newRandomId()));
    }
}
