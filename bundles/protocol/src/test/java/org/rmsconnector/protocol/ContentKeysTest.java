package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentKeysTest {

    @Test
    void wrapsAndUnwrapsWithRsaOaep256AndA256Gcm() throws Exception {
        byte[] key = ContentKeys.generate();
        assertEquals(32, key.length);
        String jwe = ContentKeys.wrap(key, Fixtures.tenantPublic());
        JWEHeader h = JWEObject.parse(jwe).getHeader();
        assertEquals(JWEAlgorithm.RSA_OAEP_256, h.getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, h.getEncryptionMethod());
        assertEquals(Fixtures.tenantKid(), h.getKeyID());
        assertArrayEquals(key, ContentKeys.unwrap(jwe, Fixtures.tenantPrivate()));
        assertNotEquals(jwe, ContentKeys.wrap(key, Fixtures.tenantPublic()), "wrapping must be randomized");
    }

    @Test
    void wrongKeyIsNamed() throws Exception {
        String jwe = ContentKeys.wrap(ContentKeys.generate(), Fixtures.tenantPublic());
        assertRefused(Reason.WRONG_KEY, () -> ContentKeys.unwrap(jwe, Fixtures.OTHER_TENANT.getPrivate()));
    }

    @Test
    void tamperedCiphertextOrTagIsRefused() throws Exception {
        String jwe = ContentKeys.wrap(ContentKeys.generate(), Fixtures.tenantPublic());
        String[] p = jwe.split("\\.");
        for (int part = 1; part < 5; part++) {
            String[] q = p.clone();
            byte[] b = new Base64URL(q[part]).decode();
            b[b.length / 2] ^= 1;
            q[part] = Base64URL.encode(b).toString();
            String bad = String.join(".", q);
            assertRefused(Reason.TAMPERED, () -> ContentKeys.unwrap(bad, Fixtures.tenantPrivate()));
        }
    }

    @Test
    void bindingIsCheckedAndAuthenticated() throws Exception {
        byte[] key = ContentKeys.generate();
        String cid = PublishingLicense.newContentId();
        String jwe = ContentKeys.wrap(key, Fixtures.tenantPublic(), cid, "alice@contoso.com");
        assertArrayEquals(key, ContentKeys.unwrap(jwe, Fixtures.tenantPrivate(), cid, "alice@contoso.com"));
        assertRefused(Reason.BINDING_MISMATCH,
                () -> ContentKeys.unwrap(jwe, Fixtures.tenantPrivate(), cid, "mallory@contoso.com"));
        assertRefused(Reason.BINDING_MISMATCH,
                () -> ContentKeys.unwrap(jwe, Fixtures.tenantPrivate(), PublishingLicense.newContentId(), "alice@contoso.com"));

        // Rewriting the protected header to claim another owner breaks GCM: the binding cannot be forged.
        String[] p = jwe.split("\\.");
        String header = new Base64URL(p[0]).decodeToString().replace("alice@contoso.com", "mallory@contoso.com");
        p[0] = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)).toString();
        String forged = String.join(".", p);
        assertRefused(Reason.TAMPERED,
                () -> ContentKeys.unwrap(forged, Fixtures.tenantPrivate(), cid, "mallory@contoso.com"));
    }

    @Test
    void refusesOtherAlgorithmsAndSizes() throws Exception {
        JWEObject oaep1 = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM),
                new Payload(ContentKeys.generate()));
        oaep1.encrypt(new RSAEncrypter(Fixtures.tenantPublic()));
        assertRefused(Reason.UNSUPPORTED_ALGORITHM, () -> ContentKeys.unwrap(oaep1.serialize(), Fixtures.tenantPrivate()));

        JWEObject shortKey = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                new Payload(new byte[16]));
        shortKey.encrypt(new RSAEncrypter(Fixtures.tenantPublic()));
        assertRefused(Reason.MALFORMED, () -> ContentKeys.unwrap(shortKey.serialize(), Fixtures.tenantPrivate()));

        ProtocolException e = assertRefused(Reason.MALFORMED, () -> ContentKeys.unwrap("a.b.c", Fixtures.tenantPrivate()));
        assertTrue(e.getMessage().contains("JWE"), e.getMessage());
    }
}
