package org.rmsconnector.protocol.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.StrictJson;

/**
 * The one place JWS objects of this protocol are signed and checked, so every type applies
 * the same rules: PS256 to sign with an RSA key, ES256 with an EC P-256 key (use licenses only,
 * see {@link org.rmsconnector.protocol.LicenseSigningKey}); PS256 or RS256 accepted with an RSA
 * key and ES256 only with an EC key, never one for the other; an explicit {@code typ}, no
 * {@code crit}, and a {@code ver} claim.
 */
public final class Jose {

    /** Signature algorithm used for everything we sign: RSASSA-PSS is the modern RSA signature. */
    public static final JWSAlgorithm SIGNING_ALG = JWSAlgorithm.PS256;

    /** Signature algorithm for an EC P-256 key: ECDSA, ~20x cheaper to sign than RSA-3072. */
    public static final JWSAlgorithm EC_SIGNING_ALG = JWSAlgorithm.ES256;

    /** Accepted on verification with an RSA key: PS256, and RS256 for tenant keys in HSMs without PSS. */
    public static final Set<JWSAlgorithm> ACCEPTED_ALGS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.RS256);

    /** Accepted on verification with an EC key: ES256 only. */
    public static final Set<JWSAlgorithm> ACCEPTED_EC_ALGS = Set.of(JWSAlgorithm.ES256);

    private static final Set<JWSAlgorithm> ANY_ALG = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** Accepted on a MAC check (session-keyed actor assertions): HS256 only. */
    private static final Set<JWSAlgorithm> MAC_ALG = Set.of(JWSAlgorithm.HS256);

    /** The verified (or merely parsed) content of a JWS: its claims and the header's key id. */
    public record Parsed(Fields claims, String kid) {
    }

    private Jose() {
    }

    /**
     * Signs {@code claims} as a compact JWS of type {@code typ}, naming {@code kid} in the header: PS256 with an RSA
     * key, ES256 with an EC (P-256) key.
     */
    public static String sign(Map<String, Object> claims, String typ, PrivateKey key, String kid)
            throws ProtocolException {
        Objects.requireNonNull(key, "signing key");
        if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("tenant key id (kid) must not be blank");
        }
        boolean ec = isEc(key);
        JWSHeader header = new JWSHeader.Builder(ec ? EC_SIGNING_ALG : SIGNING_ALG).type(new JOSEObjectType(typ))
                .keyID(kid).build();
        JWSObject jws = new JWSObject(header, new Payload(claims));
        try {
            jws.sign(ec ? ecSigner(key) : rsaSigner(key));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.WEAK_KEY, "cannot sign " + typ + ": " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot sign " + typ + ": " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    /**
     * Verifies {@code compact} as a JWS of type {@code typ} signed by {@code key}, and checks
     * its {@code ver} claim equals {@code version}.
     */
    public static Parsed verify(String compact, String typ, RSAPublicKey key, int version, String what)
            throws ProtocolException {
        return verify(compact, typ, (PublicKey) key, version, what);
    }

    /**
     * {@link #verify(String, String, RSAPublicKey, int, String)} with an RSA or an EC P-256 key: the header's
     * {@code alg} must be one of that key type's ({@link #ACCEPTED_ALGS}, {@link #ACCEPTED_EC_ALGS}).
     */
    public static Parsed verify(String compact, String typ, PublicKey key, int version, String what)
            throws ProtocolException {
        Objects.requireNonNull(key, "verification key");
        boolean ec = key instanceof ECPublicKey;
        if (ec) {
            Keys.checkP256((ECPublicKey) key);
        } else if (key instanceof RSAPublicKey rsa) {
            Keys.checkStrength(rsa);
        } else {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM, what + ": a " + key.getAlgorithm()
                    + " key cannot verify it (RSA or EC P-256 only)");
        }
        // never let the header choose the key type: an RSA key's algorithms with an RSA key only
        JWSObject jws = parseStructure(compact, typ, what, ec ? ACCEPTED_EC_ALGS : ACCEPTED_ALGS,
                ec ? "ES256, for an EC key" : "PS256 or RS256, for an RSA key");
        boolean ok;
        try {
            ok = jws.verify(ec ? new ECDSAVerifier((ECPublicKey) key) : new RSASSAVerifier((RSAPublicKey) key));
        } catch (JOSEException e) {
            ok = false;
        }
        if (!ok) {
            String kid = jws.getHeader().getKeyID();
            String expected = Keys.thumbprint(key);
            if (kid != null && !kid.equals(expected)) {
                throw new ProtocolException(Reason.WRONG_KEY,
                        what + ": signature does not verify; it names key " + kid
                                + ", not the supplied key " + expected);
            }
            throw new ProtocolException(Reason.BAD_SIGNATURE, what + ": signature does not verify");
        }
        return claims(jws, version, what);
    }

    /**
     * Verifies {@code compact} as a JWS of type {@code typ} MACed (HS256) with {@code key}, comparing the MAC in
     * constant time, and checks its {@code ver} claim equals {@code version}.
     */
    public static Parsed verifyMac(String compact, String typ, byte[] key, int version, String what)
            throws ProtocolException {
        JWSObject jws = parseStructure(compact, typ, what, MAC_ALG, "HS256");
        boolean ok;
        try {
            ok = jws.verify(new MACVerifier(key));
        } catch (JOSEException e) {
            ok = false;
        }
        if (!ok) {
            throw new ProtocolException(Reason.BAD_SIGNATURE, what + ": MAC does not verify");
        }
        return claims(jws, version, what);
    }

    /** Signs {@code claims} as a compact JWS of type {@code typ} MACed (HS256) with {@code key}, naming {@code kid}. */
    public static String mac(Map<String, Object> claims, String typ, byte[] key, String kid) throws ProtocolException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(typ)).keyID(kid).build();
        JWSObject jws = new JWSObject(header, new Payload(claims));
        try {
            jws.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot MAC " + typ + ": " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    /** The JWS header's {@code alg} and {@code kid} of a compact JWS, unverified; null when it is not one. */
    public static JWSHeader headerOf(String compact) {
        if (!Fields.isCompact(compact, 3)) {
            return null;
        }
        try {
            return JWSObject.parse(compact).getHeader();
        } catch (ParseException e) {
            return null;
        }
    }

    /** Parses {@code compact} as a JWS of type {@code typ} WITHOUT checking its signature. */
    public static Parsed parseUnverified(String compact, String typ, int version, String what)
            throws ProtocolException {
        return claims(parseStructure(compact, typ, what, ANY_ALG, "PS256, RS256 or ES256"), version, what);
    }

    /**
     * The one preamble of every JWS this protocol reads, signed or MACed: three base64url parts, a header Nimbus
     * parses, an {@code alg} among {@code accepted}, no {@code crit}, and the expected {@code typ}.
     */
    private static JWSObject parseStructure(String compact, String typ, String what, Set<JWSAlgorithm> accepted,
            String acceptedText) throws ProtocolException {
        if (!Fields.isCompact(compact, 3)) {
            throw new ProtocolException(Reason.MALFORMED, what + ": not a compact JWS (three base64url parts)");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new ProtocolException(Reason.MALFORMED, what + ": not a JWS: " + e.getMessage(), e);
        }
        JWSHeader h = jws.getHeader();
        if (!accepted.contains(h.getAlgorithm())) {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM,
                    what + ": algorithm " + h.getAlgorithm() + " is not accepted (" + acceptedText + ")");
        }
        if (h.getCriticalParams() != null && !h.getCriticalParams().isEmpty()) {
            throw new ProtocolException(Reason.UNSUPPORTED_ALGORITHM,
                    what + ": critical header parameters " + h.getCriticalParams() + " are not supported");
        }
        String actual = h.getType() == null ? null : h.getType().getType();
        if (!typ.equals(actual)) {
            throw new ProtocolException(Reason.WRONG_TYPE, what + ": expected typ " + typ + " but got " + actual);
        }
        return jws;
    }

    private static boolean isEc(PrivateKey key) {
        return key instanceof ECPrivateKey || "EC".equalsIgnoreCase(key.getAlgorithm());
    }

    private static JWSSigner rsaSigner(PrivateKey key) {
        return key instanceof java.security.interfaces.RSAPrivateKey ? new RSASSASigner(key) : new TokenPssSigner(key);
    }

    /**
     * PS256 with a PKCS#11 token key (no RSAPrivateKey: its material cannot be read). Nimbus' signer cannot use one:
     * it sets the PSS parameters before {@code initSign}, so the JCA's delayed provider selection settles on the
     * first RSASSA-PSS provider (SunRsaSign), which refuses the token key. Here the key chooses the provider
     * ({@code initSign} first: SunPKCS11, whose token signs), then the parameters are set. The public half's size
     * is checked (Keys.checkStrength) when the token is opened.
     */
    private static final class TokenPssSigner implements JWSSigner {
        private final PrivateKey key;
        private final JCAContext jca = new JCAContext();

        TokenPssSigner(PrivateKey key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!SIGNING_ALG.equals(header.getAlgorithm())) {
                throw new JOSEException("a token key signs " + SIGNING_ALG + " only");
            }
            try {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.initSign(key);
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                s.update(signingInput);
                return Base64URL.encode(s.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("the token cannot sign RSASSA-PSS: " + e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(SIGNING_ALG);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    private static ECDSASigner ecSigner(PrivateKey key) throws JOSEException {
        // a token (PKCS#11) key is no ECPrivateKey: name its curve
        return key instanceof ECPrivateKey ecKey ? new ECDSASigner(ecKey) : new ECDSASigner(key, Curve.P_256);
    }

    private static Parsed claims(JWSObject jws, int version, String what) throws ProtocolException {
        // the payload's own bytes, strictly decoded: Payload.toString() would replace bytes that are not UTF-8
        Fields claims = Fields.parse(StrictJson.text(jws.getPayload().toBytes(), what), what);
        long ver = claims.number("ver");
        if (ver != version) {
            throw new ProtocolException(Reason.UNSUPPORTED_VERSION,
                    what + ": version " + ver + " is not supported (expected " + version + ")");
        }
        return new Parsed(claims, jws.getHeader().getKeyID());
    }
}
