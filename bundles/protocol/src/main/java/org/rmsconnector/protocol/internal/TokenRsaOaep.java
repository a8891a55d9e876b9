package org.rmsconnector.protocol.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA-OAEP-256 + A256GCM JWE decryption with a private key that lives in a PKCS#11 token.
 *
 * <p>Why: the JDK 17 SunPKCS11 provider offers no OAEP cipher, and SoftHSM2 2.6 accepts OAEP only with SHA-1, so
 * neither can unwrap an RSA-OAEP-256 key. Both offer raw RSA ({@code RSA/ECB/NoPadding}, {@code CKM_RSA_X_509}).
 * So the token does the private-key operation (the key never leaves it) and this class decodes the OAEP padding
 * (RFC 8017 §7.1.2: SHA-256, MGF1-SHA-256, empty label) and decrypts the JWE's content with the recovered
 * content-encryption key (RFC 7516 §5.2: the protected header is the GCM additional data). The padding check runs
 * over the whole block without an early exit and fails with one message, so it tells a caller nothing about where
 * it failed.
 */
public final class TokenRsaOaep {

    private static final int H_LEN = 32;
    private static final byte[] EMPTY_LABEL_HASH = sha256(new byte[0]);

    private TokenRsaOaep() {
    }

    /**
     * Decrypts a JWE given as its parts.
     *
     * @param key             the RSA private key (a token handle); the raw RSA operation is the token's
     * @param protectedHeader the protected header, base64url, as it appears in the compact form
     * @return the plaintext
     * @throws GeneralSecurityException when the key, padding or authentication tag does not fit
     */
    public static byte[] decrypt(PrivateKey key, String protectedHeader, byte[] encryptedKey, byte[] iv,
            byte[] cipherText, byte[] authTag) throws GeneralSecurityException {
        byte[] cek = unwrapCek(key, encryptedKey);
        try {
            if (cek.length != 32) {
                throw new GeneralSecurityException("the content-encryption key is not 256 bits");
            }
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(protectedHeader.getBytes(StandardCharsets.US_ASCII));
            gcm.update(cipherText);
            return gcm.doFinal(authTag);
        } finally {
            Arrays.fill(cek, (byte) 0);
        }
    }

    /** The OAEP-decoded message of {@code encrypted}: raw RSA by the key's provider, then RFC 8017 §7.1.2. */
    public static byte[] unwrapCek(PrivateKey key, byte[] encrypted) throws GeneralSecurityException {
        int k = encrypted.length; // an RSA ciphertext is exactly as long as the modulus
        if (k < 2 * H_LEN + 2) {
            throw new GeneralSecurityException("decryption error");
        }
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.DECRYPT_MODE, key);
        byte[] out = raw.doFinal(encrypted);
        if (out.length > k) {
            throw new GeneralSecurityException("decryption error");
        }
        byte[] em = new byte[k];
        System.arraycopy(out, 0, em, k - out.length, out.length); // a provider may drop leading zero bytes
        Arrays.fill(out, (byte) 0);
        try {
            return decode(em);
        } finally {
            Arrays.fill(em, (byte) 0);
        }
    }

    /** EME-OAEP decoding (SHA-256, MGF1-SHA-256, empty label) of the encoded message {@code em}. */
    static byte[] decode(byte[] em) throws GeneralSecurityException {
        int k = em.length;
        byte[] maskedSeed = Arrays.copyOfRange(em, 1, 1 + H_LEN);
        byte[] maskedDb = Arrays.copyOfRange(em, 1 + H_LEN, k);
        byte[] seed = xor(maskedSeed, mgf1(maskedDb, H_LEN));
        byte[] db = xor(maskedDb, mgf1(seed, k - H_LEN - 1));
        int bad = em[0] & 0xff; // Y must be 0
        for (int i = 0; i < H_LEN; i++) {
            bad |= (db[i] ^ EMPTY_LABEL_HASH[i]) & 0xff;
        }
        // find the 0x01 after the zero padding without branching on secret data
        int index = 0;     // where the message starts (0: separator not found yet)
        int looking = 1;   // 1 while only zero bytes were seen
        for (int i = H_LEN; i < db.length; i++) {
            int b = db[i] & 0xff;
            int isOne = ((b ^ 1) - 1) >>> 31;   // 1 when b == 1
            int isZero = (b - 1) >>> 31;        // 1 when b == 0
            index |= (looking & isOne) * (i + 1);
            bad |= looking & (1 - isOne) & (1 - isZero); // a byte other than 0 or 1 before the separator
            looking &= isZero;
        }
        bad |= looking; // no separator at all
        Arrays.fill(seed, (byte) 0);
        if (bad != 0) {
            Arrays.fill(db, (byte) 0);
            throw new GeneralSecurityException("decryption error");
        }
        byte[] message = Arrays.copyOfRange(db, index, db.length);
        Arrays.fill(db, (byte) 0);
        return message;
    }

    private static byte[] mgf1(byte[] seed, int length) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] mask = new byte[length];
        byte[] counter = new byte[4];
        for (int done = 0, c = 0; done < length; c++) {
            counter[0] = (byte) (c >>> 24);
            counter[1] = (byte) (c >>> 16);
            counter[2] = (byte) (c >>> 8);
            counter[3] = (byte) c;
            md.update(seed);
            md.update(counter);
            byte[] h = md.digest();
            int n = Math.min(h.length, length - done);
            System.arraycopy(h, 0, mask, done, n);
            done += n;
        }
        return mask;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
