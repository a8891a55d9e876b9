package org.rmsconnector.protocol;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.JOSEException;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * A tenant's license signing key: an EC P-256 public key that the tenant's RSA key endorses (a JWS of {@code typ}
 * {@value #TYPE} signed by it), so that use licenses can be signed with ES256 instead of an RSA-3072 signature.
 * Why: an RSA-3072 private operation costs ~2.5 ms in the JDK, a P-256 signature ~0.1 ms, and a use license is
 * signed once per item. The RSA tenant key still signs certificates, publishing licenses and this endorsement, and
 * still unwraps content keys; verifiers find this key through the certification answer
 * ({@link CertifyResponse#licenseSigningKey()}) and trust it only when a licensor-chain key endorsed it.
 *
 * <p>Claims: {@code ver} (1), {@code iss} (tenant id), {@code jwk} (the public key: {@code kty} EC, {@code crv}
 * P-256, {@code x}, {@code y}, {@code kid} = its RFC 7638 thumbprint; no private members), {@code iat}.
 */
public final class LicenseSigningKey {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-lsk+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;

    private static final String WHAT = "license signing key";
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

    private final String issuer;
    private final ECPublicKey publicKey;
    private final String kid;
    private final String endorserKid;
    private final Instant issuedAt;
    private final String compact;

    private LicenseSigningKey(String issuer, ECPublicKey publicKey, String kid, String endorserKid, Instant issuedAt,
            String compact) {
        this.issuer = issuer;
        this.publicKey = publicKey;
        this.kid = kid;
        this.endorserKid = endorserKid;
        this.issuedAt = issuedAt;
        this.compact = compact;
    }

    /** Service side: the tenant key ({@code tenantPrivateKey}, RSA) endorses {@code key} for tenant {@code issuer}. */
    public static LicenseSigningKey endorse(String issuer, ECPublicKey key, PrivateKey tenantPrivateKey,
            String tenantKid, Instant now) throws ProtocolException {
        ServerCertificate.requireText(issuer, "issuer");
        Objects.requireNonNull(key, "key");
        Keys.checkP256(key);
        String kid = Keys.thumbprint(key);
        Map<String, Object> jwk = new ECKey.Builder(Curve.P_256, key).keyID(kid).build().toPublicJWK().toJSONObject();
        Instant iat = now.truncatedTo(ChronoUnit.SECONDS);
        Json claims = Json.object().put("ver", VERSION).put("iss", issuer).put("jwk", jwk).put("iat", iat);
        String compact = Jose.sign(claims.map(), TYPE, tenantPrivateKey, tenantKid);
        return new LicenseSigningKey(issuer, key, kid, tenantKid, iat, compact);
    }

    /**
     * Verifies the endorsement with the tenant key {@code endorser} (a licensor-chain key): signature, type,
     * version, and the public key (P-256, on the curve, no private members, {@code kid} its thumbprint).
     */
    public static LicenseSigningKey verify(String compact, RSAPublicKey endorser) throws ProtocolException {
        return fromParsed(Jose.verify(compact, TYPE, endorser, VERSION, WHAT), compact);
    }

    /** The key id of the tenant key that signed the endorsement, read WITHOUT verifying it: to pick the key. */
    public static String endorserKid(String compact) throws ProtocolException {
        return parseUnverified(compact).endorserKid;
    }

    /** Reads an endorsement WITHOUT checking its signature: for diagnostics only. */
    public static LicenseSigningKey parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    private static LicenseSigningKey fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        String issuer = c.string("iss");
        Fields jwk = c.object("jwk");
        if (!"EC".equals(jwk.string("kty")) || !"P-256".equals(jwk.string("crv"))) {
            throw jwk.malformed("crv", "a license signing key is an EC key on curve P-256");
        }
        for (String m : PRIVATE_MEMBERS) {
            if (jwk.raw().containsKey(m)) {
                throw jwk.malformed(m, "a public JWK must not contain private key material");
            }
        }
        ECPublicKey key;
        try {
            // Nimbus refuses a point that is not on the curve (invalid-curve attacks)
            key = ECKey.parse(jwk.raw()).toECPublicKey();
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            throw jwk.malformed("x", "not a valid P-256 public key: " + e.getMessage());
        }
        String kid = Keys.thumbprint(key);
        String named = jwk.optString("kid");
        if (named != null && !named.equals(kid)) {
            throw jwk.malformed("kid", "'" + named + "' is not the key's RFC 7638 thumbprint " + kid);
        }
        return new LicenseSigningKey(issuer, key, kid, p.kid(), c.instant("iat"), compact);
    }

    /** The tenant id ({@code iss}). */
    public String issuer() {
        return issuer;
    }

    /** The EC P-256 public key that use licenses are verified with. */
    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** Its RFC 7638 thumbprint: the {@code kid} of the use licenses it signs. */
    public String kid() {
        return kid;
    }

    /** The key id of the tenant (RSA) key that endorsed it. */
    public String endorserKid() {
        return endorserKid;
    }

    /** When the tenant endorsed it. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** The compact JWS. */
    public String compact() {
        return compact;
    }

    @Override
    public String toString() {
        return "LicenseSigningKey[kid=" + kid + ", iss=" + issuer + ", endorsed by " + endorserKid + "]";
    }
}
