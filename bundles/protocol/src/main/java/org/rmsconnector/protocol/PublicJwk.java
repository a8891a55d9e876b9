package org.rmsconnector.protocol;

import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * An RSA public key as a JWK ({@code kty}, {@code n}, {@code e}, {@code kid}), where the kid
 * is always the RFC 7638 thumbprint, so two parties agree on a key's name without
 * coordination. Equality is by key.
 */
public final class PublicJwk {

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

    private final RSAPublicKey key;
    private final String kid;

    private PublicJwk(RSAPublicKey key) {
        this.key = key;
        this.kid = Keys.thumbprint(key);
    }

    /** The JWK of {@code key}; refuses keys below {@link Keys#MIN_RSA_KEY_SIZE} bits. */
    public static PublicJwk of(RSAPublicKey key) {
        Objects.requireNonNull(key, "key");
        try {
            Keys.checkStrength(key);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new PublicJwk(key);
    }

    /** Parses a JWK JSON object; refuses private members, a kid that is not the thumbprint, and weak keys. */
    public static PublicJwk fromJson(String json) throws ProtocolException {
        return fromFields(Fields.parse(json, "JWK"));
    }

    static PublicJwk fromFields(Fields f) throws ProtocolException {
        String kty = f.string("kty");
        if (!"RSA".equals(kty)) {
            throw f.malformed("kty", "only RSA keys are supported, got " + kty);
        }
        for (String m : PRIVATE_MEMBERS) {
            if (f.raw().containsKey(m)) {
                // A private key on the wire is a client bug that must never be echoed back or stored.
                throw f.malformed(m, "a public JWK must not contain private key material");
            }
        }
        BigInteger n = positive(f, "n");
        BigInteger e = positive(f, "e");
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw f.malformed("e", "not a valid RSA public exponent");
        }
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw f.malformed("n", "not a valid RSA key: " + ex.getMessage());
        }
        Keys.checkStrength(key);
        PublicJwk jwk = new PublicJwk(key);
        String kid = f.optString("kid");
        if (kid != null && !kid.equals(jwk.kid)) {
            throw f.malformed("kid", "'" + kid + "' is not the key's RFC 7638 thumbprint " + jwk.kid);
        }
        return jwk;
    }

    private static BigInteger positive(Fields f, String field) throws ProtocolException {
        String s = f.string(field);
        BigInteger v = new Base64URL(s).decodeToBigInteger();
        if (v.signum() <= 0 || !Base64URL.encode(v).toString().equals(s)) {
            // Requiring the canonical encoding keeps the thumbprint and the wire form one-to-one.
            throw f.malformed(field, "not a canonical base64url unsigned integer");
        }
        return v;
    }

    /** The key. */
    public RSAPublicKey publicKey() {
        return key;
    }

    /** The RFC 7638 thumbprint, base64url. */
    public String kid() {
        return kid;
    }

    /** The JWK as JSON: {@code {"kty":"RSA","e":…,"n":…,"kid":…}}. */
    public String toJson() {
        return Json.toJson(toMap());
    }

    Map<String, Object> toMap() {
        return Json.object()
                .put("kty", "RSA")
                .put("e", Base64URL.encode(key.getPublicExponent()).toString())
                .put("n", Base64URL.encode(key.getModulus()).toString())
                .put("kid", kid)
                .map();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicJwk other && kid.equals(other.kid);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "PublicJwk[kid=" + kid + ", bits=" + key.getModulus().bitLength() + "]";
    }
}
