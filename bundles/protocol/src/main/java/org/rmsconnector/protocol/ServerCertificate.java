package org.rmsconnector.protocol;

import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * The tenant's statement that a public key belongs to a named identity (an account, a
 * {@code HOST$} computer account or a group) with a role: a JWS, {@code typ}
 * {@value #TYPE}, signed by the tenant key. Use licenses are wrapped to the certified key.
 */
public final class ServerCertificate {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-scert+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;
    /** Role of an Exchange server: super user. */
    public static final String ROLE_EXCHANGE = "exchange";
    /** Role of a SharePoint server. */
    public static final String ROLE_SHAREPOINT = "sharepoint";
    /** Role of a file server using FCI. */
    public static final String ROLE_FCI = "fci";
    /** Allowed disagreement between the issuer's and the verifier's clocks. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Set<String> ROLES = Set.of(ROLE_EXCHANGE, ROLE_SHAREPOINT, ROLE_FCI);
    private static final String WHAT = "server certificate";

    private final String issuer;
    private final String subject;
    private final String role;
    private final PublicJwk publicKey;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String serial;
    private final String tenantKid;
    private final String compact;

    private ServerCertificate(String issuer, String subject, String role, PublicJwk publicKey, Instant issuedAt,
            Instant expiresAt, String serial, String tenantKid, String compact) {
        this.issuer = issuer;
        this.subject = subject;
        this.role = role;
        this.publicKey = publicKey;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.serial = serial;
        this.tenantKid = tenantKid;
        this.compact = compact;
    }

    /**
     * Issues a certificate (cloud side). Times are truncated to seconds; {@code role} is one
     * of the {@code ROLE_*} constants or null for an online user; a random serial is chosen.
     */
    public static ServerCertificate issue(PrivateKey tenantPrivateKey, String tenantKid, String issuer,
            String subject, String role, PublicJwk publicKey, Instant issuedAt, Instant expiresAt)
            throws ProtocolException {
        requireText(issuer, "issuer");
        requireText(subject, "subject");
        if (role != null && !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + " or null, got " + role);
        }
        Objects.requireNonNull(publicKey, "publicKey");
        Instant iat = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        Instant exp = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        if (!exp.isAfter(iat)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
        String serial = Keys.newRandomId();
        Json claims = Json.object()
                .put("ver", VERSION)
                .put("iss", issuer)
                .put("sub", subject)
                .put("role", role)
                .put("jwk", publicKey.toMap())
                .put("iat", iat)
                .put("exp", exp)
                .put("jti", serial);
        String compact = Jose.sign(claims.map(), TYPE, tenantPrivateKey, tenantKid);
        return new ServerCertificate(issuer, subject, role, publicKey, iat, exp, serial, tenantKid, compact);
    }

    /** Verifies signature, type, version and validity now. */
    public static ServerCertificate verify(String compact, RSAPublicKey tenantPublicKey) throws ProtocolException {
        return verify(compact, tenantPublicKey, Instant.now());
    }

    /**
     * Verifies signature, type, version and validity at {@code now}: {@link Reason#BAD_SIGNATURE},
     * {@link Reason#WRONG_KEY}, {@link Reason#EXPIRED}, {@link Reason#NOT_YET_VALID}, …
     */
    public static ServerCertificate verify(String compact, RSAPublicKey tenantPublicKey, Instant now)
            throws ProtocolException {
        ServerCertificate c = fromParsed(Jose.verify(compact, TYPE, tenantPublicKey, VERSION, WHAT), compact);
        checkValidity(WHAT + " of " + c.subject, c.issuedAt, c.expiresAt, now);
        return c;
    }

    /** Reads a certificate WITHOUT checking signature or validity: for routing and diagnostics only. */
    public static ServerCertificate parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    private static ServerCertificate fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        String role = c.optString("role");
        if (role != null && !ROLES.contains(role)) {
            throw c.malformed("role", "unknown role " + role);
        }
        return new ServerCertificate(c.string("iss"), c.string("sub"), role, PublicJwk.fromFields(c.object("jwk")),
                c.instant("iat"), c.instant("exp"), c.string("jti"), p.kid(), compact);
    }

    /**
     * Checks the validity window at {@code now} (±{@link #CLOCK_SKEW}) again: for a verifier that keeps certificates
     * it has verified and sees them again later. {@link Reason#EXPIRED} or {@link Reason#NOT_YET_VALID}.
     */
    public void checkValidAt(Instant now) throws ProtocolException {
        checkValidity(WHAT + " of " + subject, issuedAt, expiresAt, now);
    }

    static void checkValidity(String what, Instant notBefore, Instant expiresAt, Instant now) throws ProtocolException {
        if (now.plus(CLOCK_SKEW).isBefore(notBefore)) {
            throw new ProtocolException(Reason.NOT_YET_VALID, what + " is valid only from " + notBefore);
        }
        if (!now.minus(CLOCK_SKEW).isBefore(expiresAt)) {
            throw new ProtocolException(Reason.EXPIRED, what + " expired at " + expiresAt);
        }
    }

    static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Tenant id that issued it ({@code iss}). */
    public String issuer() {
        return issuer;
    }

    /** Certified identity ({@code sub}): account, {@code HOST$} or group name. */
    public String subject() {
        return subject;
    }

    /** {@code exchange}, {@code sharepoint}, {@code fci}, or null for an online user. */
    public String role() {
        return role;
    }

    /** The certified key. */
    public PublicJwk publicKey() {
        return publicKey;
    }

    /** Start of validity ({@code iat}). */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** End of validity ({@code exp}). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Random serial ({@code jti}). */
    public String serial() {
        return serial;
    }

    /** Key id of the tenant key that signed it (JWS header {@code kid}). */
    public String tenantKid() {
        return tenantKid;
    }

    /** The compact JWS, exactly as issued. */
    public String compact() {
        return compact;
    }

    @Override
    public String toString() {
        return "ServerCertificate[sub=" + subject + ", role=" + role + ", iss=" + issuer + ", jti=" + serial
                + ", exp=" + expiresAt + "]";
    }
}
