package org.rmsconnector.protocol;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Jose;
import org.rmsconnector.protocol.jose.Json;

/**
 * A use license: the tenant-signed JWS ({@code typ} {@value #TYPE}) granting one holder
 * rights to one content until an expiry, carrying the content key re-wrapped to the holder's
 * certified key (and bound to the content id and holder).
 */
public final class UseLicense {

    /** JWS {@code typ} header value. */
    public static final String TYPE = "rms-ul+jwt";
    /** Claims version ({@code ver}). */
    public static final int VERSION = 1;

    private static final String WHAT = "use license";

    /**
     * What a use license grants, without the key.
     *
     * @param issuer     tenant id
     * @param contentId  the content
     * @param holder     identity it is issued to (the certificate subject)
     * @param onBehalfOf user whose rights were evaluated, when a server asked for one; else null
     * @param rights     granted rights, not empty
     * @param issuedAt   start of validity (truncated to seconds)
     * @param expiresAt  end of validity (truncated to seconds)
     */
    public record Terms(String issuer, String contentId, String holder, String onBehalfOf, Set<Right> rights,
            Instant issuedAt, Instant expiresAt) {

        /** Validates and freezes the terms. */
        public Terms {
            ServerCertificate.requireText(issuer, "issuer");
            PublishingLicense.checkContentId(contentId);
            ServerCertificate.requireText(holder, "holder");
            if (onBehalfOf != null && onBehalfOf.isBlank()) {
                throw new IllegalArgumentException("onBehalfOf must be null or not blank");
            }
            if (rights == null || rights.isEmpty()) {
                throw new IllegalArgumentException("a use license must grant at least one right");
            }
            rights = Collections.unmodifiableSet(EnumSet.copyOf(rights));
            issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
            expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
            if (!expiresAt.isAfter(issuedAt)) {
                throw new IllegalArgumentException("expiresAt must be after issuedAt");
            }
        }
    }

    private final Terms terms;
    private final String wrappedContentKey;
    private final String tenantKid;
    private final String compact;

    private UseLicense(Terms terms, String wrappedContentKey, String tenantKid, String compact) {
        this.terms = terms;
        this.wrappedContentKey = wrappedContentKey;
        this.tenantKid = tenantKid;
        this.compact = compact;
    }

    /**
     * Service side: issues a use license, wrapping {@code contentKey} to {@code holderKey}
     * (bound to the content id and holder) and signing with the tenant's signing key: the RSA
     * tenant key (PS256), or its EC {@link LicenseSigningKey} (ES256) with that key's kid.
     */
    public static UseLicense issue(Terms terms, byte[] contentKey, RSAPublicKey holderKey, PrivateKey tenantPrivateKey,
            String tenantKid) throws ProtocolException {
        Objects.requireNonNull(terms, "terms");
        String wrapped = ContentKeys.wrap(contentKey, holderKey, terms.contentId(), terms.holder());
        Json claims = Json.object()
                .put("ver", VERSION)
                .put("iss", terms.issuer())
                .put("cid", terms.contentId())
                .put("sub", terms.holder())
                .put("obo", terms.onBehalfOf())
                .put("rts", Grant.rightNames(terms.rights()))
                .put("iat", terms.issuedAt())
                .put("exp", terms.expiresAt())
                .put("key", wrapped);
        String compact = Jose.sign(claims.map(), TYPE, tenantPrivateKey, tenantKid);
        return new UseLicense(terms, wrapped, tenantKid, compact);
    }

    /** Verifies signature, type, version and validity now. */
    public static UseLicense verify(String compact, RSAPublicKey tenantPublicKey) throws ProtocolException {
        return verify(compact, tenantPublicKey, Instant.now());
    }

    /** Verifies signature, type, version and validity at {@code now}. */
    public static UseLicense verify(String compact, RSAPublicKey tenantPublicKey, Instant now) throws ProtocolException {
        return verify(compact, (PublicKey) tenantPublicKey, now);
    }

    /**
     * Verifies signature, type, version and validity at {@code now} with a tenant RSA key (PS256, RS256) or the
     * tenant's endorsed EC license signing key (ES256, {@link LicenseSigningKey#publicKey()}).
     */
    public static UseLicense verify(String compact, PublicKey tenantSigningKey, Instant now) throws ProtocolException {
        UseLicense ul = fromParsed(Jose.verify(compact, TYPE, tenantSigningKey, VERSION, WHAT), compact);
        ServerCertificate.checkValidity(WHAT + " for content " + ul.contentId(), ul.terms.issuedAt(),
                ul.terms.expiresAt(), now);
        return ul;
    }

    /** Reads a use license WITHOUT checking signature or validity: for diagnostics only. */
    public static UseLicense parseUnverified(String compact) throws ProtocolException {
        return fromParsed(Jose.parseUnverified(compact, TYPE, VERSION, WHAT), compact);
    }

    private static UseLicense fromParsed(Jose.Parsed p, String compact) throws ProtocolException {
        Fields c = p.claims();
        try {
            Terms t = new Terms(c.string("iss"), c.string("cid"), c.string("sub"), c.optString("obo"),
                    Grant.rights(c, "rts"), c.instant("iat"), c.instant("exp"));
            return new UseLicense(t, c.compactJwe("key"), p.kid(), compact);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED, WHAT + ": " + e.getMessage(), e);
        }
    }

    /** Client side: unwraps the content key with the holder's private key, checking its binding. */
    public byte[] unwrapContentKey(PrivateKey holderPrivateKey) throws ProtocolException {
        return ContentKeys.unwrap(wrappedContentKey, holderPrivateKey, terms.contentId(), terms.holder());
    }

    /** Whether {@code right} is granted; {@link Right#OWNER} implies every right. */
    public boolean allows(Right right) {
        return terms.rights().contains(Right.OWNER) || terms.rights().contains(right);
    }

    /** The granted terms. */
    public Terms terms() {
        return terms;
    }

    /** Content id ({@code cid}). */
    public String contentId() {
        return terms.contentId();
    }

    /** Holder ({@code sub}). */
    public String holder() {
        return terms.holder();
    }

    /** Granted rights ({@code rts}). */
    public Set<Right> rights() {
        return terms.rights();
    }

    /** End of validity ({@code exp}). */
    public Instant expiresAt() {
        return terms.expiresAt();
    }

    /** Content key wrapped to the holder ({@code key}). */
    public String wrappedContentKey() {
        return wrappedContentKey;
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
        return "UseLicense[cid=" + contentId() + ", sub=" + holder() + ", rights=" + rights() + ", exp=" + expiresAt() + "]";
    }
}
