package org.rmsconnector.channel;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * The statement a connector signs for every call it forwards to the cloud service: which on-premises account
 * called, which authorized-servers entry matched it, with which role, for whom and with which request id. A JWS,
 * {@code typ} {@value #TYPE}, signed (PS256, or RS256 for HSMs without PSS) by the connector's registered key,
 * sent as {@code Authorization: RMS-Actor <compact>}.
 *
 * <pre>
 * {"alg":"PS256","typ":"rms-actor+jwt","kid":"&lt;thumbprint of the connector key&gt;"}
 * {"ver":1,"iss":"&lt;connector id&gt;","sub":"EXCH01$","entry":"CONTOSO\\Exchange Servers","role":"exchange",
 *  "obo":"bob@contoso.com","su":true,"rid":"7d0c2f5e","jti":"…","iat":1795600800,"exp":1795600860}
 * </pre>
 *
 * <p>{@code entry} and {@code role} come together or not at all: without them the assertion speaks for the
 * connector itself (policy synchronization, e.g. the authorized-servers change feed), not for an on-premises
 * server, and the service grants it no rights-management operation.
 *
 * <p><b>Session form</b> (docs/protocol.md §3): the same claims plus {@code htm}, {@code htu}, {@code bh} binding
 * it to one request, MACed with HS256 under the key of a {@link ChannelSession} ({@code kid} = the session id the
 * cloud returned), so the connector does no private-key operation per forwarded call.
 *
 * <p>Assertions are short-lived: {@code exp} is at most {@link #MAX_LIFETIME} after {@code iat}, and the verifier
 * refuses longer lifetimes ({@link Reason#MALFORMED}), so a captured header is worthless a minute later; within
 * that minute the service refuses a second use of the same {@code jti}.
 */
public final class ActorAssertion {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-actor+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;
    /** Longest lifetime ({@code exp - iat}) a verifier accepts. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    /** Allowed disagreement between the connector's and the service's clocks. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** The HTTP authorization scheme that carries an assertion. */
    public static final String AUTH_SCHEME = "RMS-Actor";

    private static final Set<String> ROLES = Set.of(ServerCertificate.ROLE_EXCHANGE,
            ServerCertificate.ROLE_SHAREPOINT, ServerCertificate.ROLE_FCI);
    private static final Set<JWSAlgorithm> SIGNING_ALGS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.RS256);
    private static final String WHAT = "actor assertion";

    /**
     * What an assertion says.
     *
     * @param connectorId the registered connector that signs ({@code iss})
     * @param subject     the on-premises account that called the connector ({@code sub}), e.g. {@code EXCH01$}
     * @param entry       the authorized-servers entry that matched the account ({@code entry}), or null when the
     *                    connector speaks for itself
     * @param role        {@code exchange}, {@code sharepoint} or {@code fci} ({@code role}); null exactly when
     *                    {@code entry} is
     * @param onBehalfOf  the user the server acts for ({@code obo}), or null
     * @param superUser   whether super-user evaluation is asked for ({@code su})
     * @param requestId   the request's correlation id ({@code rid})
     */
    public record Claims(String connectorId, String subject, String entry, String role, String onBehalfOf,
            boolean superUser, String requestId) {

        /** Validates the claims. */
        public Claims {
            Checks.requireText(connectorId, "connectorId");
            Checks.requireText(subject, "subject");
            Checks.requireText(requestId, "requestId");
            if ((entry == null) != (role == null)) {
                throw new IllegalArgumentException("entry and role come together or not at all");
            }
            if (entry != null && entry.isBlank()) {
                throw new IllegalArgumentException("entry must not be blank");
            }
            if (role != null && !ROLES.contains(role)) {
                throw new IllegalArgumentException("role must be one of " + ROLES + ", got " + role);
            }
            if (onBehalfOf != null && onBehalfOf.isBlank()) {
                throw new IllegalArgumentException("onBehalfOf must be null or not blank");
            }
        }

        /** Claims of a connector speaking for itself (no entry, no role, no user). */
        public static Claims ofConnector(String connectorId, String requestId) {
            return new Claims(connectorId, connectorId, null, null, null, false, requestId);
        }
    }

    /**
     * What a session-form assertion is bound to: the request it authorizes, so it cannot be moved to another
     * endpoint or another body.
     *
     * @param method   the HTTP method ({@code htm}), e.g. {@code POST}
     * @param target   the request target at the cloud: path and query ({@code htu}), e.g.
     *                 {@code /_wmcs/licensing/license.asmx}
     * @param bodyHash base64url SHA-256 of the request body, of zero bytes when there is none ({@code bh})
     */
    public record Binding(String method, String target, String bodyHash) {

        /** Validates the binding. */
        public Binding {
            Checks.requireText(method, "method");
            Checks.requireText(target, "target");
            Checks.requireText(bodyHash, "bodyHash");
            if (!target.startsWith("/")) {
                throw new IllegalArgumentException("target must be a path (and query), got " + target);
            }
        }

        /** The binding of a request with this method, target and body. */
        public static Binding of(String method, String target, byte[] body) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
                return new Binding(method, target, Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }

    private final Claims claims;
    private final Binding binding;
    private final String id;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String keyId;
    private final String compact;

    private ActorAssertion(Claims claims, Binding binding, String id, Instant issuedAt, Instant expiresAt,
            String keyId, String compact) {
        this.claims = claims;
        this.binding = binding;
        this.id = id;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.keyId = keyId;
        this.compact = compact;
    }

    /** Issues an assertion signed with PS256, valid {@link #MAX_LIFETIME} from {@code now}. */
    public static ActorAssertion issue(Claims claims, PrivateKey connectorKey, String connectorKid, Instant now)
            throws ProtocolException {
        return issue(claims, connectorKey, connectorKid, now, MAX_LIFETIME, JWSAlgorithm.PS256);
    }

    /**
     * Issues an assertion (connector side) with a fresh random {@code jti}.
     *
     * @param connectorKey the connector's private key; any {@link PrivateKey}, so keys in an HSM work
     * @param connectorKid the RFC 7638 thumbprint of the connector's public key (JWS header {@code kid})
     * @param now          the issue time ({@code iat}), truncated to seconds
     * @param lifetime     1 second to {@link #MAX_LIFETIME}
     * @param alg          {@link JWSAlgorithm#PS256}, or {@link JWSAlgorithm#RS256} for HSMs without PSS
     */
    public static ActorAssertion issue(Claims claims, PrivateKey connectorKey, String connectorKid, Instant now,
            Duration lifetime, JWSAlgorithm alg) throws ProtocolException {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(connectorKey, "connectorKey");
        Checks.requireText(connectorKid, "connectorKid");
        if (!SIGNING_ALGS.contains(alg)) {
            throw new IllegalArgumentException("alg must be PS256 or RS256, got " + alg);
        }
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("lifetime must be between 1 s and " + MAX_LIFETIME.toSeconds() + " s");
        }
        Instant iat = now.truncatedTo(ChronoUnit.SECONDS);
        Instant exp = iat.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String jti = Keys.newRandomId();
        Json body = claimsJson(claims, jti, iat, exp);
        JWSHeader header = new JWSHeader.Builder(alg).type(new JOSEObjectType(TYPE)).keyID(connectorKid).build();
        JWSObject jws = new JWSObject(header, new Payload(body.map()));
        try {
            jws.sign(new RSASSASigner(connectorKey));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.WEAK_KEY, "cannot sign " + WHAT + ": " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new ProtocolException(Reason.CRYPTO_FAILURE, "cannot sign " + WHAT + ": " + e.getMessage(), e);
        }
        return new ActorAssertion(claims, null, jti, iat, exp, connectorKid, jws.serialize());
    }

    /**
     * Issues an assertion in the session form (connector side): the same claims plus the request's
     * {@code binding}, MACed (HS256) with the channel session's key, {@code kid} = the session id the cloud gave,
     * valid {@link #MAX_LIFETIME} from {@code now}, with a fresh random {@code jti}. No private-key operation.
     */
    public static ActorAssertion issue(Claims claims, String sessionId, byte[] sessionKey, Binding binding,
            Instant now) throws ProtocolException {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(binding, "binding");
        Checks.requireText(sessionId, "sessionId");
        if (sessionKey == null || sessionKey.length != ChannelSession.KEY_BYTES) {
            throw new IllegalArgumentException("a session key has " + ChannelSession.KEY_BYTES + " bytes");
        }
        Instant iat = now.truncatedTo(ChronoUnit.SECONDS);
        Instant exp = iat.plus(MAX_LIFETIME);
        String jti = Keys.newRandomId();
        Json body = claimsJson(claims, jti, iat, exp)
                .put("htm", binding.method())
                .put("htu", binding.target())
                .put("bh", binding.bodyHash());
        String compact = Jose.mac(body.map(), TYPE, sessionKey, sessionId);
        return new ActorAssertion(claims, binding, jti, iat, exp, sessionId, compact);
    }

    /**
     * The session id an assertion in the session form names ({@code kid} of an HS256 JWS), without verifying
     * anything; null for the signed form or anything else.
     */
    public static String sessionIdOf(String compact) {
        JWSHeader h = Jose.headerOf(compact);
        return h != null && JWSAlgorithm.HS256.equals(h.getAlgorithm()) ? h.getKeyID() : null;
    }

    /**
     * Verifies an assertion in the session form (service side) with the session's key at {@code now}: compact
     * form, HS256 only, {@code typ}, the MAC in constant time ({@link Reason#BAD_SIGNATURE}), claims, validity
     * with {@link #CLOCK_SKEW}, then the binding to the request being served ({@link Reason#BINDING_MISMATCH}).
     * Replay detection is the verifier's job, as for the signed form.
     */
    public static ActorAssertion verifySession(String compact, byte[] sessionKey, Binding expected, Instant now)
            throws ProtocolException {
        Objects.requireNonNull(expected, "expected binding");
        ActorAssertion a = fromParsed(Jose.verifyMac(compact, TYPE, sessionKey, VERSION, WHAT), compact);
        checkTimes(a, now);
        if (!expected.equals(a.binding)) {
            throw new ProtocolException(Reason.BINDING_MISMATCH, WHAT + " " + a.id + " is bound to " + a.binding
                    + ", not to this request " + expected);
        }
        return a;
    }

    private static Json claimsJson(Claims claims, String jti, Instant iat, Instant exp) {
        return Json.object()
                .put("ver", VERSION)
                .put("iss", claims.connectorId())
                .put("sub", claims.subject())
                .put("entry", claims.entry())
                .put("role", claims.role())
                .put("obo", claims.onBehalfOf())
                .put("su", claims.superUser())
                .put("rid", claims.requestId())
                .put("jti", jti)
                .put("iat", iat)
                .put("exp", exp);
    }

    private static void checkTimes(ActorAssertion a, Instant now) throws ProtocolException {
        if (now.plus(CLOCK_SKEW).isBefore(a.issuedAt)) {
            throw new ProtocolException(Reason.NOT_YET_VALID, WHAT + " " + a.id + " is issued in the future ("
                    + a.issuedAt + ")");
        }
        if (!now.minus(CLOCK_SKEW).isBefore(a.expiresAt)) {
            throw new ProtocolException(Reason.EXPIRED, WHAT + " " + a.id + " expired at " + a.expiresAt);
        }
    }

    /**
     * Verifies an assertion (service side) with the connector's registered key at {@code now}: compact form,
     * algorithm (PS256/RS256), {@code typ} ({@link Reason#WRONG_TYPE}), signature ({@link Reason#BAD_SIGNATURE},
     * or {@link Reason#WRONG_KEY} when the header names another key), claims ({@link Reason#MALFORMED}, also for
     * a lifetime above {@link #MAX_LIFETIME}), then validity with {@link #CLOCK_SKEW}
     * ({@link Reason#NOT_YET_VALID}, {@link Reason#EXPIRED}). Replay detection is the verifier's job: remember
     * {@link #id()} until {@link #expiresAt()} plus the skew.
     */
    public static ActorAssertion verify(String compact, RSAPublicKey connectorKey, Instant now)
            throws ProtocolException {
        ActorAssertion a = fromParsed(Jose.verify(compact, TYPE, connectorKey, VERSION, WHAT), compact);
        checkTimes(a, now);
        return a;
    }

    /**
     * Reads an assertion WITHOUT checking its signature or times: only to learn which connector ({@code iss})
     * signed it, so the verifier can look up that connector's key.
     */
    public static ActorAssertion parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    private static ActorAssertion fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        String role = c.optString("role");
        if (role != null && !ROLES.contains(role)) {
            throw c.malformed("role", "unknown role " + role);
        }
        String entry = c.optString("entry");
        if ((entry == null) != (role == null)) {
            throw c.malformed(entry == null ? "entry" : "role", "entry and role come together or not at all");
        }
        Instant iat = c.instant("iat");
        Instant exp = c.instant("exp");
        if (!exp.isAfter(iat)) {
            throw c.malformed("exp", "must be after iat");
        }
        if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw c.malformed("exp", "lifetime of " + Duration.between(iat, exp).toSeconds()
                    + " s exceeds the " + MAX_LIFETIME.toSeconds() + " s an actor assertion may live");
        }
        try {
            Claims claims = new Claims(c.string("iss"), c.string("sub"), entry, role, c.optString("obo"),
                    c.optBoolean("su", false), c.string("rid"));
            String htm = c.optString("htm");
            Binding binding = htm == null ? null : new Binding(htm, c.string("htu"), c.string("bh"));
            return new ActorAssertion(claims, binding, c.string("jti"), iat, exp, p.kid(), compact);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, WHAT + ": " + e.getMessage(), e);
        }
    }

    /** The request a session-form assertion is bound to; null for the signed form. */
    public Binding binding() {
        return binding;
    }

    /** The claims. */
    public Claims claims() {
        return claims;
    }

    /** Signing connector id ({@code iss}). */
    public String connectorId() {
        return claims.connectorId();
    }

    /** Calling on-premises account ({@code sub}). */
    public String subject() {
        return claims.subject();
    }

    /** Matched authorized-servers entry ({@code entry}), or null when the connector speaks for itself. */
    public String entry() {
        return claims.entry();
    }

    /** {@code exchange}, {@code sharepoint}, {@code fci}, or null when the connector speaks for itself. */
    public String role() {
        return claims.role();
    }

    /** On-behalf-of user ({@code obo}), or null. */
    public String onBehalfOf() {
        return claims.onBehalfOf();
    }

    /** Whether super-user evaluation is asked for ({@code su}). */
    public boolean superUser() {
        return claims.superUser();
    }

    /** Request id ({@code rid}). */
    public String requestId() {
        return claims.requestId();
    }

    /** Unique id ({@code jti}): what replay detection remembers. */
    public String id() {
        return id;
    }

    /** Issue time ({@code iat}). */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** Expiry ({@code exp}). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Key id in the JWS header ({@code kid}): the connector key's thumbprint. */
    public String keyId() {
        return keyId;
    }

    /** The compact JWS. */
    public String compact() {
        return compact;
    }

    /** The value of an {@code Authorization} header carrying this assertion. */
    public String authorizationHeader() {
        return AUTH_SCHEME + " " + compact;
    }

    @Override
    public String toString() {
        return "ActorAssertion[iss=" + connectorId() + ", sub=" + subject() + ", entry=" + entry() + ", role=" + role()
                + ", jti=" + id + ", exp=" + expiresAt + "]";
    }
}
