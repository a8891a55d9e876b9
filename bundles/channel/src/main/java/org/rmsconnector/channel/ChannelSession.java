package org.rmsconnector.channel;

import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * The statement with which a connector opens a channel session with the cloud (docs/protocol.md §3.x.1): a fresh
 * random 256-bit session key, wrapped for the tenant (RSA-OAEP-256 + A256GCM JWE, as content keys are, bound to
 * this assertion's {@code jti} and the connector id), in a JWS signed (PS256) by the connector's registered key,
 * {@code typ} {@value #TYPE}:
 *
 * <pre>
 * {"alg":"PS256","typ":"rms-session+jwt","kid":"&lt;thumbprint of the connector key&gt;"}
 * {"ver":1,"iss":"&lt;connector id&gt;","key":"&lt;JWE: the session key for the tenant&gt;","jti":"…",
 *  "iat":1795600800,"exp":1795604400}
 * </pre>
 *
 * The cloud verifies the signature with the connector's registered key, unwraps the key with the tenant key once,
 * and answers a session id and expiry ({@link Grant}); from then on the connector MACs each forwarded call's
 * {@link ActorAssertion} with the key (HS256, {@code kid} = session id) instead of signing it. Lifetime at most
 * {@link #MAX_LIFETIME}.
 */
public final class ChannelSession {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-session+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;
    /** Longest lifetime ({@code exp - iat}) a verifier accepts. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /** The size of a session key: HMAC-SHA-256 with a 256-bit key. */
    public static final int KEY_BYTES = 32;
    private static final String WHAT = "session assertion";
    private static final String BINDING_PREFIX = "rms-session:";

    private final String connectorId;
    private final String wrappedKey;
    private final String id;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String compact;

    private ChannelSession(String connectorId, String wrappedKey, String id, Instant issuedAt, Instant expiresAt,
            String compact) {
        this.connectorId = connectorId;
        this.wrappedKey = wrappedKey;
        this.id = id;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.compact = compact;
    }

    /** A fresh random session key. */
    public static byte[] newKey() {
        return Keys.randomBytes(KEY_BYTES);
    }

    /**
     * Issues a session assertion (connector side).
     *
     * @param sessionKey   the key to share, {@link #KEY_BYTES} bytes; wrapped, never sent in the clear
     * @param tenantKey    the tenant public key the connector pinned at registration
     * @param connectorKey the connector's private key (one signature per session)
     * @param lifetime     1 minute to {@link #MAX_LIFETIME}
     */
    public static ChannelSession issue(String connectorId, byte[] sessionKey, RSAPublicKey tenantKey,
            PrivateKey connectorKey, String connectorKid, Instant now, Duration lifetime) throws ProtocolException {
        Checks.requireText(connectorId, "connectorId");
        Objects.requireNonNull(sessionKey, "sessionKey");
        if (sessionKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("a session key has " + KEY_BYTES + " bytes");
        }
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("lifetime must be between 1 min and " + MAX_LIFETIME.toMinutes()
                    + " min");
        }
        Instant iat = now.truncatedTo(ChronoUnit.SECONDS);
        Instant exp = iat.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String jti = Keys.newRandomId();
        String wrapped = ContentKeys.wrap(sessionKey, tenantKey, BINDING_PREFIX + jti, connectorId);
        Json body = Json.object()
                .put("ver", VERSION)
                .put("iss", connectorId)
                .put("key", wrapped)
                .put("jti", jti)
                .put("iat", iat)
                .put("exp", exp);
        String compact = Jose.sign(body.map(), TYPE, connectorKey, connectorKid);
        return new ChannelSession(connectorId, wrapped, jti, iat, exp, compact);
    }

    /**
     * Verifies a session assertion (service side) with the connector's registered key at {@code now}: signature
     * ({@link Reason#BAD_SIGNATURE}, {@link Reason#WRONG_KEY}), claims ({@link Reason#MALFORMED}, also for a
     * lifetime above {@link #MAX_LIFETIME}), validity with {@link ActorAssertion#CLOCK_SKEW}. Replay detection of
     * {@link #id()} is the verifier's job.
     */
    public static ChannelSession verify(String compact, RSAPublicKey connectorKey, Instant now)
            throws ProtocolException {
        ChannelSession s = fromParsed(Jose.verify(compact, TYPE, connectorKey, VERSION, WHAT), compact);
        if (now.plus(ActorAssertion.CLOCK_SKEW).isBefore(s.issuedAt)) {
            throw new ProtocolException(Reason.NOT_YET_VALID, WHAT + " " + s.id + " is issued in the future");
        }
        if (!now.minus(ActorAssertion.CLOCK_SKEW).isBefore(s.expiresAt)) {
            throw new ProtocolException(Reason.EXPIRED, WHAT + " " + s.id + " expired at " + s.expiresAt);
        }
        return s;
    }

    /** Reads a session assertion WITHOUT checking it: only to learn which connector ({@code iss}) signed it. */
    public static ChannelSession parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    private static ChannelSession fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        Instant iat = c.instant("iat");
        Instant exp = c.instant("exp");
        if (!exp.isAfter(iat)) {
            throw c.malformed("exp", "must be after iat");
        }
        if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw c.malformed("exp", "lifetime of " + Duration.between(iat, exp).toSeconds() + " s exceeds the "
                    + MAX_LIFETIME.toSeconds() + " s a session may live");
        }
        return new ChannelSession(c.string("iss"), c.compactJwe("key"), c.string("jti"), iat, exp, compact);
    }

    /**
     * Unwraps the session key with the tenant's private key (service side, once per session), checking that it
     * was wrapped for this assertion ({@code jti}) by this connector ({@link Reason#BINDING_MISMATCH} otherwise).
     * The caller wipes the returned array when the session ends.
     */
    public byte[] unwrapKey(PrivateKey tenantKey) throws ProtocolException {
        byte[] key = ContentKeys.unwrap(wrappedKey, tenantKey, BINDING_PREFIX + id, connectorId);
        if (key.length != KEY_BYTES) {
            java.util.Arrays.fill(key, (byte) 0);
            throw new ProtocolException(Reason.MALFORMED, WHAT + " " + id + ": the session key has " + key.length
                    + " bytes, not " + KEY_BYTES);
        }
        return key;
    }

    /** Connector id ({@code iss}). */
    public String connectorId() {
        return connectorId;
    }

    /** Unique id ({@code jti}). */
    public String id() {
        return id;
    }

    /** Issue time. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** Expiry: the session ends then at the latest. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The compact JWS, the body of {@code POST /_wmcs/admin/connectors/session} ({@code {"assertion": …}}). */
    public String compact() {
        return compact;
    }

    /** The body of {@code POST /_wmcs/admin/connectors/session}: {@code {"assertion": "<compact>"}}. */
    public String requestJson() {
        return Json.object().put("assertion", compact).toJson();
    }

    /** The compact assertion from the body of {@code POST /_wmcs/admin/connectors/session}, unverified. */
    public static String assertionOf(String requestJson) throws ProtocolException {
        return Fields.parse(requestJson, "session request").compactJws("assertion");
    }

    @Override
    public String toString() {
        return "ChannelSession[iss=" + connectorId + ", jti=" + id + ", exp=" + expiresAt + "]";
    }

    /**
     * The cloud's answer to an established session: {@code {"sessionId": "…", "expiresAt": "<ISO-8601>"}}.
     *
     * @param sessionId what the connector puts as {@code kid} of each session-form actor assertion
     * @param expiresAt when the cloud forgets the session
     */
    public record Grant(String sessionId, Instant expiresAt) {

        /** Validates the grant. */
        public Grant {
            Checks.requireText(sessionId, "sessionId");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        public String toJson() {
            return Json.object().put("sessionId", sessionId).put("expiresAt", expiresAt.toString()).toJson();
        }

        public static Grant fromJson(String json) throws ProtocolException {
            Fields f = Fields.parse(json, "session grant");
            try {
                return new Grant(f.string("sessionId"), Instant.parse(f.string("expiresAt")));
            } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
                throw new ProtocolException(Reason.MALFORMED, "session grant: " + e.getMessage(), e);
            }
        }
    }
}
