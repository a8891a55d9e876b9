package org.rmsconnector.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWEObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.spec.MGF1ParameterSpec;
import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Keys;

/**
 * The OAEP decoding a token key relies on, checked against the JDK's and Nimbus' OAEP-256 encryption with a software
 * key doing the raw RSA step (the SoftHSM2 test in rms-cloud-service does the same with a token key).
 */
class TokenRsaOaepTest {

    private static final KeyPair PAIR = Keys.generateRsaKeyPair();

    @Test
    void decodesWhatTheJdkEncryptsWithOaepSha256() throws Exception {
        for (int len : new int[] {0, 1, 32, 318}) { // 318: the most RSA-3072 OAEP-256 can carry
            byte[] message = new byte[len];
            for (int i = 0; i < len; i++) {
                message[i] = (byte) (i * 7 + 1);
            }
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, PAIR.getPublic(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            assertArrayEquals(message, TokenRsaOaep.unwrapCek(PAIR.getPrivate(), c.doFinal(message)));
        }
    }

    @Test
    void decryptsAContentKeyWrappedAsTheProtocolWrapsIt() throws Exception {
        byte[] key = ContentKeys.generate();
        JWEObject jwe = JWEObject.parse(ContentKeys.wrap(key, (RSAPublicKey) PAIR.getPublic(), "cid", "alice"));
        byte[] out = TokenRsaOaep.decrypt(PAIR.getPrivate(), jwe.getHeader().toBase64URL().toString(),
                jwe.getEncryptedKey().decode(), jwe.getIV().decode(), jwe.getCipherText().decode(),
                jwe.getAuthTag().decode());
        assertArrayEquals(key, out);
    }

    @Test
    void refusesAnAlteredKeyOrHeaderWithOneMessage() throws Exception {
        JWEObject jwe = JWEObject.parse(ContentKeys.wrap(ContentKeys.generate(), (RSAPublicKey) PAIR.getPublic(),
                "cid", "alice"));
        byte[] ek = jwe.getEncryptedKey().decode();
        ek[ek.length / 2] ^= 1;
        GeneralSecurityException padding = assertThrows(GeneralSecurityException.class,
                () -> TokenRsaOaep.unwrapCek(PAIR.getPrivate(), ek));
        org.junit.jupiter.api.Assertions.assertEquals("decryption error", padding.getMessage());
        JWEObject other = JWEObject.parse(ContentKeys.wrap(ContentKeys.generate(), (RSAPublicKey) PAIR.getPublic(),
                "cid", "mallory"));
        // a header from another wrapping: GCM's additional data no longer matches
        assertThrows(GeneralSecurityException.class, () -> TokenRsaOaep.decrypt(PAIR.getPrivate(),
                other.getHeader().toBase64URL().toString(), jwe.getEncryptedKey().decode(), jwe.getIV().decode(),
                jwe.getCipherText().decode(), jwe.getAuthTag().decode()));
    }

    @Test
    void refusesAnEncodedMessageWithoutSeparatorOrWithNonZeroFirstByte() {
        byte[] em = new byte[384];
        assertThrows(GeneralSecurityException.class, () -> TokenRsaOaep.decode(em));
        byte[] em2 = new byte[384];
        em2[0] = 1;
        assertThrows(GeneralSecurityException.class, () -> TokenRsaOaep.decode(em2));
    }
}
