package org.rmsconnector.protocol;

import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.util.Base64URL;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * A publishing license: the tenant-signed JWS ({@code typ} {@value #TYPE}) that travels in
 * every protected file's header and says who owns the content, who may use it and how, and
 * holds the content key wrapped to the tenant key.
 *
 * <p>The client builds a {@link Draft} (wrapping the key itself, so no relay ever sees it);
 * the service signs it with {@link #sign}.
 */
public final class PublishingLicense {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-pl+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;
    /** Upper bound on offline days: ten years. */
    public static final int MAX_OFFLINE_DAYS = 3650;

    private static final String WHAT = "publishing license";

    /**
     * What the client sends to be published: everything but the issuer, creation time and
     * signature, which the service adds.
     *
     * @param contentId         random 128-bit id, base64url (see {@link #newContentId()})
     * @param owner             the content owner's email/UPN
     * @param policy            template or ad-hoc grants
     * @param notAfter          end of content validity, or null for none (truncated to seconds)
     * @param offlineDays       days a use license may be cached offline, 0..{@value #MAX_OFFLINE_DAYS}
     * @param wrappedContentKey compact JWE of the content key to the tenant key, bound to contentId and owner
     */
    public record Draft(String contentId, String owner, Policy policy, Instant notAfter, int offlineDays,
            String wrappedContentKey) {

        /** Validates the draft. */
        public Draft {
            checkContentId(contentId);
            ServerCertificate.requireText(owner, "owner");
            Objects.requireNonNull(policy, "policy");
            notAfter = notAfter == null ? null : notAfter.truncatedTo(ChronoUnit.SECONDS);
            if (offlineDays < 0 || offlineDays > MAX_OFFLINE_DAYS) {
                throw new IllegalArgumentException("offlineDays must be between 0 and " + MAX_OFFLINE_DAYS);
            }
            if (!Fields.isCompact(wrappedContentKey, 5)) {
                throw new IllegalArgumentException("wrappedContentKey must be a compact JWE");
            }
        }

        /**
         * Client side: a draft for new content, with a fresh content id and {@code contentKey}
         * wrapped to {@code tenantPublicKey}, bound to that id and {@code owner}.
         */
        public static Draft create(String owner, Policy policy, Instant notAfter, int offlineDays, byte[] contentKey,
                RSAPublicKey tenantPublicKey) throws ProtocolException {
            String contentId = newContentId();
            String wrapped = ContentKeys.wrap(contentKey, tenantPublicKey, contentId, owner);
            return new Draft(contentId, owner, policy, notAfter, offlineDays, wrapped);
        }

        /** The draft as JSON (the {@code draft} member of a publish request). */
        public String toJson() {
            return Json.toJson(toMap());
        }

        /** Parses a draft; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
        public static Draft fromJson(String json) throws ProtocolException {
            return fromFields(Fields.parse(json, "Draft"));
        }

        Map<String, Object> toMap() {
            return Json.object()
                    .put("contentId", contentId)
                    .put("owner", owner)
                    .put("policy", PolicyCodec.toMap(policy))
                    .put("notAfter", notAfter)
                    .put("offlineDays", offlineDays)
                    .put("wrappedContentKey", wrappedContentKey)
                    .map();
        }

        static Draft fromFields(Fields f) throws ProtocolException {
            String contentId = f.string("contentId");
            if (!isContentId(contentId)) {
                throw f.malformed("contentId", "expected 128 bits, base64url (22 characters)");
            }
            return new Draft(contentId, f.string("owner"), PolicyCodec.fromFields(f.object("policy")),
                    f.optInstant("notAfter"), f.integer("offlineDays", 0, MAX_OFFLINE_DAYS),
                    f.compactJwe("wrappedContentKey"));
        }
    }

    private final Draft draft;
    private final String issuer;
    private final Instant createdAt;
    private final String tenantKid;
    private final String compact;

    private PublishingLicense(Draft draft, String issuer, Instant createdAt, String tenantKid, String compact) {
        this.draft = draft;
        this.issuer = issuer;
        this.createdAt = createdAt;
        this.tenantKid = tenantKid;
        this.compact = compact;
    }

    /** A fresh random content id: 128 bits, base64url. */
    public static String newContentId() {
        return Keys.newRandomId();
    }

    /**
     * Service side: signs {@code draft} as tenant {@code issuer}. {@code tenantKid} must be the
     * thumbprint of the tenant key; the wrapped key's header must name that key and be bound
     * to the draft's content id and owner (checked here without decrypting, so honest mistakes
     * fail at publish time; the binding is authenticated when the key is unwrapped).
     */
    public static PublishingLicense sign(Draft draft, String issuer, Instant createdAt, PrivateKey tenantPrivateKey,
            String tenantKid) throws ProtocolException {
        Objects.requireNonNull(draft, "draft");
        ServerCertificate.requireText(issuer, "issuer");
        JWEHeader h = ContentKeys.parse(draft.wrappedContentKey()).getHeader();
        if (!Objects.equals(tenantKid, h.getKeyID())) {
            throw new ProtocolException(Reason.WRONG_KEY,
                    "the content key is wrapped to key " + h.getKeyID() + ", not to the tenant key " + tenantKid);
        }
        if (!draft.contentId().equals(h.getCustomParam(ContentKeys.CONTENT_ID_PARAM))
                || !draft.owner().equals(h.getCustomParam(ContentKeys.PARTY_PARAM))) {
            throw new ProtocolException(Reason.BINDING_MISMATCH,
                    "the wrapped content key is not bound to content " + draft.contentId() + " and owner " + draft.owner());
        }
        Instant iat = createdAt.truncatedTo(ChronoUnit.SECONDS);
        Json claims = Json.object()
                .put("ver", VERSION)
                .put("iss", issuer)
                .put("cid", draft.contentId())
                .put("own", draft.owner())
                .put("pol", PolicyCodec.toMap(draft.policy()))
                .put("exp", draft.notAfter())
                .put("off", draft.offlineDays())
                .put("iat", iat)
                .put("key", draft.wrappedContentKey());
        String compact = Jose.sign(claims.map(), TYPE, tenantPrivateKey, tenantKid);
        return new PublishingLicense(draft, issuer, iat, tenantKid, compact);
    }

    /** Verifies signature, type and version. Content validity is separate: {@link #checkContentValid(Instant)}. */
    public static PublishingLicense verify(String compact, RSAPublicKey tenantPublicKey) throws ProtocolException {
        return fromParsed(Jose.verify(compact, TYPE, tenantPublicKey, VERSION, WHAT), compact);
    }

    /** Reads a license WITHOUT checking its signature: for {@code info} displays and routing only. */
    public static PublishingLicense parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    /**
     * Whether {@code s} has the shape of a signed publishing license, a compact JWS (three base64url parts), without
     * parsing or verifying it: what a container that carries one checks before storing or trusting its bytes.
     */
    public static boolean isCompactJws(String s) {
        return Fields.isCompact(s, 3);
    }

    private static PublishingLicense fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        String cid = c.string("cid");
        if (!isContentId(cid)) {
            throw c.malformed("cid", "expected 128 bits, base64url");
        }
        try {
            Draft d = new Draft(cid, c.string("own"), PolicyCodec.fromFields(c.object("pol")), c.optInstant("exp"),
                    c.integer("off", 0, MAX_OFFLINE_DAYS), c.compactJwe("key"));
            return new PublishingLicense(d, c.string("iss"), c.instant("iat"), p.kid(), compact);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, WHAT + ": " + e.getMessage(), e);
        }
    }

    /** {@link Reason#EXPIRED} if the content's validity ended before {@code now}. */
    public void checkContentValid(Instant now) throws ProtocolException {
        if (draft.notAfter() != null && !now.isBefore(draft.notAfter())) {
            throw new ProtocolException(Reason.EXPIRED,
                    "content " + draft.contentId() + " expired at " + draft.notAfter());
        }
    }

    /** Service side: unwraps the content key with the tenant key, checking it is bound to this content and owner. */
    public byte[] unwrapContentKey(PrivateKey tenantPrivateKey) throws ProtocolException {
        return ContentKeys.unwrap(draft.wrappedContentKey(), tenantPrivateKey, draft.contentId(), draft.owner());
    }

    static boolean isContentId(String s) {
        return s != null && s.length() == 22 && Fields.isCompact(s, 1) && new Base64URL(s).decode().length == 16;
    }

    static void checkContentId(String s) {
        if (!isContentId(s)) {
            throw new IllegalArgumentException("contentId must be 128 bits, base64url (22 characters), got " + s);
        }
    }

    /** The signed draft. */
    public Draft draft() {
        return draft;
    }

    /** Claims version. */
    public int version() {
        return VERSION;
    }

    /** Content id ({@code cid}). */
    public String contentId() {
        return draft.contentId();
    }

    /** Owner ({@code own}). */
    public String owner() {
        return draft.owner();
    }

    /** Tenant id ({@code iss}). */
    public String issuer() {
        return issuer;
    }

    /** Rights policy ({@code pol}). */
    public Policy policy() {
        return draft.policy();
    }

    /** End of content validity ({@code exp}), or null. */
    public Instant notAfter() {
        return draft.notAfter();
    }

    /** Offline days ({@code off}). */
    public int offlineDays() {
        return draft.offlineDays();
    }

    /** When the service signed it ({@code iat}). */
    public Instant createdAt() {
        return createdAt;
    }

    /** Content key wrapped to the tenant key ({@code key}). */
    public String wrappedContentKey() {
        return draft.wrappedContentKey();
    }

    /** Key id of the signing tenant key. */
    public String tenantKid() {
        return tenantKid;
    }

    /** The compact JWS. */
    public String compact() {
        return compact;
    }

    @Override
    public String toString() {
        return "PublishingLicense[cid=" + contentId() + ", own=" + owner() + ", iss=" + issuer + "]";
    }
}
