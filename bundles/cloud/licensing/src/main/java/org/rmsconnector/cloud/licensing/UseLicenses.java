package org.rmsconnector.cloud.licensing;

import static org.rmsconnector.cloud.licensing.OperationRules.code;
import static org.rmsconnector.cloud.licensing.OperationRules.parseUuid;
import static org.rmsconnector.cloud.licensing.OperationRules.protocolRefusal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.keys.UseLicenseSigner;
import org.rmsconnector.cloud.licensing.internal.rights.Decision;
import org.rmsconnector.cloud.licensing.internal.rights.LicenseRequest;
import org.rmsconnector.cloud.licensing.internal.rights.Policy;
import org.rmsconnector.cloud.licensing.internal.rights.RefusalReason;
import org.rmsconnector.cloud.licensing.internal.rights.RightsEvaluator;
import org.rmsconnector.cloud.model.ContentRevocation;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.PrincipalKind;
import org.rmsconnector.cloud.model.Principals;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.TemplateCatalog;
import org.rmsconnector.protocol.ContentKeys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.UseLicense;

/**
 * Decides and issues one use license: the {@link RightsEvaluator} decides with the current template (or the
 * license's ad-hoc grants), super-user applies when the caller asked for it and the tenant's feature is on, and the
 * content key is re-wrapped to the holder's key. Validity is the offline days, capped at the content's expiry; with
 * no offline access the license lasts {@link #SESSION_LICENSE_VALIDITY}.
 */
final class UseLicenses {

    /** Validity of a use license for content without offline access: the session that asked for it. */
    static final Duration SESSION_LICENSE_VALIDITY = Duration.ofMinutes(15);

    /** The refusal code of a revoked content's license request. */
    static final String CONTENT_REVOKED = "content_revoked";

    private final TemplateCatalog templates;
    private final TenantKeys keys;
    private final UseLicenseSigner signer;
    private final RightsEvaluator rights;
    private final String tenantId;

    UseLicenses(TemplateCatalog templates, TenantKeys keys, UseLicenseSigner signer, RightsEvaluator rights,
            String tenantId) {
        this.templates = templates;
        this.keys = keys;
        this.signer = signer;
        this.rights = rights;
        this.tenantId = tenantId;
    }

    /**
     * The use license of {@code requester} for the content of {@code pl}, issued to {@code holder} and wrapped to
     * {@code holderKey}; a refusal carries the rights' code. Rights are decided first, for this requester; only a
     * grant asks {@code contentKeys} for the key (unwrapped at most once per publishing license and batch, and
     * served from the {@link ContentKeyCache} while it is young).
     */
    UseLicense issue(PublishingLicense pl, ContentKeyCache.Digest plDigest, ContentKeyCache.Batch contentKeys,
            String requester, boolean superUser, String holder, String obo,
            java.security.interfaces.RSAPublicKey holderKey, Directory directory, SuperUserConfig superUsers,
            Optional<ContentRevocation> revocation, Instant now) throws CloudException {
        Policy policy = rightsPolicy(pl, directory);
        SuperUserConfig su = superUsers;
        if (superUser && superUsers.enabled()) {
            Set<String> users = new TreeSet<>(superUsers.users());
            users.add(Principals.key(requester, "requester"));
            su = new SuperUserConfig(true, superUsers.group(), users);
        }
        Decision decision;
        try {
            decision = rights.evaluate(new LicenseRequest(policy, pl.owner(), pl.createdAt(), requester), directory,
                    su, now);
        } catch (IllegalArgumentException e) {
            throw new CloudException(400, "MALFORMED", e.getMessage());
        }
        if (revocation.isPresent()) {
            // revoked: nobody gets a new license, the owner included; super users only when the revocation allows
            ContentRevocation rev = revocation.get();
            boolean superUserAllowed = rev.allowSuperUsers() && decision instanceof Decision.Granted g
                    && g.basis() == Decision.Basis.SUPER_USER;
            if (!superUserAllowed) {
                throw CloudException.forbidden(CONTENT_REVOKED, "Content " + pl.contentId() + " was revoked by "
                        + rev.revokedBy() + " at " + rev.revokedAt() + ": no new licenses are issued for it.");
            }
        }
        if (decision instanceof Decision.Refused r) {
            throw CloudException.forbidden(code(r.reason()), r.message());
        }
        Decision.Granted granted = (Decision.Granted) decision;
        Instant contentEnd = null;
        if (granted.basis() == Decision.Basis.POLICY) {
            // a template policy's own expiry is the evaluator's; a draft's notAfter applies on top of it
            contentEnd = contentNotAfter(pl, policy);
            if (contentEnd != null && !now.isBefore(contentEnd)) {
                throw CloudException.forbidden(code(RefusalReason.CONTENT_EXPIRED),
                        "The content expired at " + contentEnd + ".");
            }
        }
        Instant iat = now.truncatedTo(ChronoUnit.SECONDS);
        Instant exp = granted.licenseExpiry();
        if (!exp.isAfter(now)) {
            exp = now.plus(SESSION_LICENSE_VALIDITY); // no offline access: a license for this session
        }
        if (contentEnd != null && contentEnd.isBefore(exp)) {
            exp = contentEnd;
        }
        exp = exp.truncatedTo(ChronoUnit.SECONDS);
        if (!exp.isAfter(iat)) {
            exp = iat.plusSeconds(1);
        }
        // owned by the batch, which wipes it when the request is answered
        byte[] contentKey = contentKeys.contentKey(plDigest, () -> unwrap(pl));
        try {
            UseLicense.Terms terms = new UseLicense.Terms(tenantId, pl.contentId(), holder, obo, granted.rights(), iat,
                    exp);
            return UseLicense.issue(terms, contentKey, holderKey, signer.privateKey(), signer.kid());
        } catch (ProtocolException e) {
            throw refusal(e);
        } catch (IllegalArgumentException e) {
            throw new CloudException(400, "MALFORMED", e.getMessage());
        }
    }

    private byte[] unwrap(PublishingLicense pl) throws CloudException {
        try {
            // the key the content key was wrapped to: the active tenant key, or an older one after a rollover
            return pl.unwrapContentKey(keys.unwrappingKey(ContentKeys.recipientKid(pl.wrappedContentKey())));
        } catch (ProtocolException e) {
            throw refusal(e);
        }
    }

    private static CloudException refusal(ProtocolException e) {
        return protocolRefusal(e.reason() == org.rmsconnector.protocol.Reason.CRYPTO_FAILURE ? 500 : 400, e);
    }

    private Instant contentNotAfter(PublishingLicense pl, Policy policy) {
        Instant end = pl.notAfter();
        if (policy instanceof Policy.FromTemplate t) {
            Optional<Instant> templateEnd = templates.find(t.templateId())
                    .flatMap(x -> x.expiry().notAfter(pl.createdAt()));
            if (templateEnd.isPresent() && (end == null || templateEnd.get().isBefore(end))) {
                end = templateEnd.get();
            }
        }
        return end;
    }

    private Policy rightsPolicy(PublishingLicense pl, Directory directory) throws CloudException {
        if (pl.policy() instanceof org.rmsconnector.protocol.Policy.Template t) {
            UUID id = parseUuid(t.templateId());
            if (id == null) {
                throw CloudException.forbidden(code(RefusalReason.TEMPLATE_UNKNOWN), "The content was protected with"
                        + " template " + t.templateId() + ", which this tenant does not have.");
            }
            return new Policy.FromTemplate(id);
        }
        org.rmsconnector.protocol.Policy.AdHoc adHoc = (org.rmsconnector.protocol.Policy.AdHoc) pl.policy();
        List<Grant> grants = new ArrayList<>();
        try {
            for (org.rmsconnector.protocol.Grant g : adHoc.grants()) {
                PrincipalKind kind = directory.findGroup(g.principal()).isPresent() ? PrincipalKind.GROUP
                        : PrincipalKind.USER;
                grants.add(new Grant(kind, g.principal(), g.rights()));
            }
        } catch (IllegalArgumentException e) {
            throw new CloudException(400, "MALFORMED", "publishing license grants: " + e.getMessage());
        }
        return new Policy.AdHoc(grants, pl.notAfter(), pl.offlineDays());
    }
}
