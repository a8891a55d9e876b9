package org.rmsconnector.protocol;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Objects;
import org.rmsconnector.protocol.internal.TokenRsaOaep;
import org.rmsconnector.protocol.jose.Fields;

/**
 * Content keys (AES-256) and their wrapping: a compact JWE, {@code alg} RSA-OAEP-256,
 * {@code enc} A256GCM, whose plaintext is the 32 raw key bytes.
 *
 * <p>A wrapped key may be <em>bound</em> to a content id and a party (the owner in a
 * publishing license, the holder in a use license) through the private protected-header
 * parameters {@value #CONTENT_ID_PARAM} and {@value #PARTY_PARAM}. The protected header is
 * GCM additional data, so the binding cannot be changed without the key: this stops anyone
 * who copies a wrapped key out of a file from republishing it under their own name.
 */
public final class ContentKeys {

    /** Length of a content key: AES-256. */
    public static final int KEY_BYTES = 32;

    /** Protected-header parameter naming the content id a wrapped key belongs to. */
    public static final String CONTENT_ID_PARAM = "rms_cid";

    /** Protected-header parameter naming the owner or holder a wrapped key was wrapped for. */
    public static final String PARTY_PARAM = "rms_for";

    private ContentKeys() {
    }

    /** A fresh random AES-256 content key. */
    public static byte[] generate() {
        return Keys.randomBytes(KEY_BYTES);
    }

    /** Wraps {@code key} to {@code to} without a binding. Licenses require {@link #wrap(byte[], RSAPublicKey, String, String)}. */
    public static String wrap(byte[] key, RSAPublicKey to) throws ProtocolException {
        return wrap(key, to, null, null);
    }

    /**
     * Wraps {@code key} to {@code to}, bound to {@code contentId} and {@code party} (either
     * may be null for no binding). The header's {@code kid} is the recipient's thumbprint.
     */
    public static String wrap(byte[] key, RSAPublicKey to, String contentId, String party) throws ProtocolException {
        checkKey(key);
        Objects.requireNonNull(to, "recipient key");
        Keys.checkStrength(to);
        JWEHeader.Builder h = new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .keyID(Keys.thumbprint(to));
        if (contentId != null) {
            h.customParam(CONTENT_ID_PARAM, contentId);
        }
        if (party != null) {
            h.customParam(PARTY_PARAM, party);
        }
        JWEObject jwe = new JWEObject(h.build(), new Payload(key.clone()));
        try {
            jwe.encrypt(new RSAEncrypter(to));
        } catch (JOSEException e) {
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot wrap content key: " + e.getMessage(), e);
        }
        return jwe.serialize();
    }

    /** Unwraps a content key with {@code with}, ignoring any binding. */
    public static byte[] unwrap(String jwe, PrivateKey with) throws ProtocolException {
        return decrypt(parse(jwe), with);
    }

    /**
     * Unwraps a content key with {@code with} and checks it is bound to exactly
     * {@code contentId} and {@code party}; a missing or different binding is
     * {@link Reason#BINDING_MISMATCH}.
     */
    public static byte[] unwrap(String jwe, PrivateKey with, String contentId, String party) throws ProtocolException {
        JWEObject o = parse(jwe);
        // Decrypt first: only after GCM has authenticated the header is its binding worth comparing.
        byte[] key = decrypt(o, with);
        Object cid = o.getHeader().getCustomParam(CONTENT_ID_PARAM);
        Object forParty = o.getHeader().getCustomParam(PARTY_PARAM);
        if (!Objects.equals(contentId, cid) || !Objects.equals(party, forParty)) {
            Arrays.fill(key, (byte) 0);
            throw new ProtocolException(Reason.BINDING_MISMATCH, "wrapped key is bound to content " + cid
                    + " for " + forParty + ", not to content " + contentId + " for " + party);
        }
        return key;
    }

    /** The recipient key id named by a wrapped key, without decrypting; for diagnostics. */
    public static String recipientKid(String jwe) throws ProtocolException {
        return parse(jwe).getHeader().getKeyID();
    }

    /** Checks a wrapped key's structure and header (algorithms, no compression) without decrypting. */
    static JWEObject parse(String jwe) throws ProtocolException {
        if (!Fields.isCompact(jwe, 5)) {
            throw new ProtocolException(Reason.MALFORMED, "wrapped key: not a compact JWE (five base64url parts)");
        }
        JWEObject o;
        try {
            o = JWEObject.parse(jwe);
        } catch (ParseException e) {
            throw new ProtocolException(Reason.MALFORMED, "wrapped key: not a JWE: " + e.getMessage(), e);
        }
        JWEHeader h = o.getHeader();
        if (!JWEAlgorithm.RSA_OAEP_256.equals(h.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(h.getEncryptionMethod())) {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM, "wrapped key: expected RSA-OAEP-256/A256GCM, got "
                    + h.getAlgorithm() + "/" + h.getEncryptionMethod());
        }
        if (h.getCompressionAlgorithm() != null) {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM, "wrapped key: compression is not allowed");
        }
        if (h.getCriticalParams() != null && !h.getCriticalParams().isEmpty()) {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM, "wrapped key: critical header parameters are not supported");
        }
        return o;
    }

    private static byte[] decrypt(JWEObject o, PrivateKey with) throws ProtocolException {
        Objects.requireNonNull(with, "private key");
        String kid = o.getHeader().getKeyID();
        String own = ownKid(with);
        if (kid != null && own != null && !kid.equals(own)) {
            throw new ProtocolException(Reason.WRONG_KEY,
                    "wrapped key is for key " + kid + ", not for the supplied key " + own);
        }
        byte[] key;
        if (with instanceof RSAPrivateKey) {
            try {
                o.decrypt(new RSADecrypter(with));
            } catch (JOSEException | IllegalStateException e) {
                throw new ProtocolException(Reason.TAMPERED,
                        "wrapped key does not decrypt (altered, or wrapped to another key)", e);
            }
            key = o.getPayload().toBytes();
        } else {
            key = decryptWithTokenKey(o, with);
        }
        if (key.length != KEY_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new ProtocolException(Reason.MALFORMED,
                    "wrapped key holds " + key.length + " bytes, expected " + KEY_BYTES);
        }
        return key;
    }

    // A PKCS#11 token key (no RSAPrivateKey: its material cannot be read) cannot unwrap RSA-OAEP-256 through the
    // JDK 17 SunPKCS11 provider, which has no OAEP cipher: the token does the raw RSA operation, TokenRsaOaep the
    // padding and the content decryption (docs/cloud-service.md, "Tenant key in an HSM").
    private static byte[] decryptWithTokenKey(JWEObject o, PrivateKey with) throws ProtocolException {
        if (!"RSA".equalsIgnoreCase(with.getAlgorithm()) || o.getEncryptedKey() == null || o.getIV() == null
                || o.getAuthTag() == null) {
            throw new ProtocolException(Reason.TAMPERED, "wrapped key does not decrypt with a "
                    + with.getAlgorithm() + " key");
        }
        try {
            return TokenRsaOaep.decrypt(with, o.getHeader().toBase64URL().toString(), o.getEncryptedKey().decode(),
                    o.getIV().decode(), o.getCipherText().decode(), o.getAuthTag().decode());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ProtocolException(Reason.TAMPERED,
                    "wrapped key does not decrypt (altered, or wrapped to another key)", e);
        }
    }

    // HSM keys expose no modulus; then only decryption can tell us we have the wrong key.
    private static String ownKid(PrivateKey with) {
        if (with instanceof RSAPrivateCrtKey crt) {
            try {
                BigInteger n = crt.getModulus();
                BigInteger e = crt.getPublicExponent();
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                return Keys.thumbprint(pub);
            } catch (GeneralSecurityException | RuntimeException ex) {
                return null;
            }
        }
        return null;
    }

    /** Refuses (IllegalArgumentException) anything but a 256-bit content key; the protected-file container uses it. */
    public static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "content key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("content key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
    }
}
