package org.rmsconnector.protocol;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/** Key helpers: RSA (and EC P-256) generation, RFC 7638 thumbprints, strength checks and random ids. */
public final class Keys {

    /** Size of every RSA key this project generates: NIST's 128-bit security level. */
    public static final int RSA_KEY_SIZE = 3072;

    /** Smallest RSA key accepted from others (existing tenant keys, HSM keys). */
    public static final int MIN_RSA_KEY_SIZE = 2048;

    // SecureRandom is thread-safe; one instance avoids re-seeding costs on hot paths.
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {
    }

    /** A fresh RSA-3072 key pair. */
    public static KeyPair generateRsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(RSA_KEY_SIZE, RANDOM);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    /** A fresh EC P-256 key pair: a tenant's license signing key ({@link LicenseSigningKey}). */
    public static KeyPair generateP256KeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /** The RFC 7638 thumbprint of an RSA or EC P-256 public key. */
    public static String thumbprint(PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAPublicKey rsa) {
            return thumbprint(rsa);
        }
        if (key instanceof ECPublicKey ec) {
            try {
                return new ECKey.Builder(Curve.P_256, ec).build().computeThumbprint().toString();
            } catch (JOSEException | IllegalStateException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
        throw new IllegalArgumentException("not an RSA or EC key: " + key.getAlgorithm());
    }

    /** Refuses EC keys on curves other than P-256 with {@link Reason#UNSUPPORTED_ALGORITHM}. */
    public static void checkP256(ECPublicKey key) throws ProtocolException {
        if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM, "only EC keys on curve P-256 are accepted");
        }
    }

    /** The RFC 7638 SHA-256 thumbprint of {@code key}, base64url: the key id used everywhere in this protocol. */
    public static String thumbprint(RSAPublicKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return new RSAKey.Builder(key).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Refuses RSA keys below {@link #MIN_RSA_KEY_SIZE} bits with {@link Reason#WEAK_KEY}. */
    public static void checkStrength(RSAPublicKey key) throws ProtocolException {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_KEY_SIZE) {
            throw new ProtocolException(Reason.WEAK_KEY,
                    "RSA key of " + bits + " bits is too short (minimum " + MIN_RSA_KEY_SIZE + ")");
        }
    }

    /** A random 128-bit identifier, base64url without padding (22 characters). */
    public static String newRandomId() {
        return Base64URL.encode(randomBytes(16)).toString();
    }

    /** {@code n} bytes from the protocol's one {@code SecureRandom}: content keys, ids, nonce prefixes. */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
