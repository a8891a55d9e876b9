package org.rmsconnector.cloud.internal.service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.rmsconnector.cloud.internal.directory.Directory;
import org.rmsconnector.cloud.internal.model.Grant;
import org.rmsconnector.cloud.internal.model.PrincipalKind;
import org.rmsconnector.cloud.internal.model.Principals;
import org.rmsconnector.cloud.internal.model.ServerRole;
import org.rmsconnector.cloud.internal.model.SuperUserConfig;
import org.rmsconnector.cloud.internal.model.Template;
import org.rmsconnector.cloud.internal.model.TemplateStatus;
import org.rmsconnector.cloud.internal.model.UsageRecord;
import org.rmsconnector.cloud.internal.rights.Decision;
import org.rmsconnector.cloud.internal.rights.LicenseRequest;
import org.rmsconnector.cloud.internal.rights.Policy;
import org.rmsconnector.cloud.internal.rights.RefusalReason;
import org.rmsconnector.cloud.internal.rights.RightsEvaluator;
import org.rmsconnector.cloud.internal.store.CloudStore;
import org.rmsconnector.cloud.internal.store.StoreException;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquireLicenseResponse;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseResponse;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.CertifyResponse;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.LicenseResult;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishResponse;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateList;
import org.rmsconnector.protocol.TemplateSummary;
import org.rmsconnector.protocol.UseLicense;

/**
 * The tenant's rights-management operations (docs/cloud-api.md, docs/protocol.md), over the store, the tenant
 * key and the rights evaluator. Stateless apart from its final dependencies, hence thread-safe.
 *
 * <p>Rules worth knowing:
 * <ul>
 * <li>Identities: a user caller is its UPN; a connector caller is its authorized-servers entry (a group entry:
 * the group, so all members share one identity and own what any of them protected). A connector speaking for
 * itself (no entry) gets no operation: 403 {@code entry_required}.</li>
 * <li>On-behalf-of: SharePoint and Exchange may name the user they act for; FCI may not
 * ({@code obo_not_allowed}); a user caller may not either.</li>
 * <li>FCI and Exchange publish with, and see, only templates available without user identity (F18).</li>
 * <li>Super user: only an Exchange caller that asked for it ({@link CloudCaller#superUser()}) and only while the
 * tenant's super-user feature is on.</li>
 * <li>Pre-licensing (use licenses for recipients, wrapped to keys the requester names) is allowed to Exchange and
 * to the content's owner only: anyone else could name their own key for a recipient and read the content with
 * that recipient's rights.</li>
 * <li>Error codes: protocol refusals carry the {@link org.rmsconnector.protocol.Reason} name ({@code EXPIRED},
 * {@code BAD_SIGNATURE}, …, as in docs/protocol.md); rights refusals the {@link RefusalReason} in lower case
 * ({@code not_granted}, {@code template_archived}, …); service refusals a lower-case code
 * ({@code certificate_not_yours}, {@code owner_not_caller}, …).</li>
 * <li>Usage log: every operation but {@link #serverInfo} (anonymous) appends one record per item, granted
 * ({@value #GRANTED}) or refused (the code). When the log cannot be written a successful answer becomes 503
 * {@code usage_log_unavailable}: nothing is handed out unlogged.</li>
 * </ul>
 */
public final class CloudOperationsImpl implements CloudOperations {

    /** Validity of a server certificate. */
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);
    /** Validity of a use license for content without offline access: the session that asked for it. */
    public static final Duration SESSION_LICENSE_VALIDITY = Duration.ofMinutes(15);
    /** The usage-log result of a granted request. */
    public static final String GRANTED = "granted";

    static final String CERTIFY = "Certify";
    static final String PUBLISH = "Publish";
    static final String ACQUIRE_LICENSE = "AcquireLicense";
    static final String ACQUIRE_PRELICENSE = "AcquirePreLicense";
    static final String ACQUIRE_TEMPLATES = "AcquireTemplates";
    static final String ACQUIRE_TEMPLATE = "AcquireTemplate";

    private final CloudStore store;
    private final TenantKeys keys;
    private final RightsEvaluator rights;
    private final Clock clock;
    private final String tenantId;
    private final String tenantName;
    private final String serviceVersion;

    public CloudOperationsImpl(CloudStore store, TenantKeys keys, RightsEvaluator rights, Clock clock, String tenantId,
            String tenantName, String serviceVersion) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.rights = Objects.requireNonNull(rights, "rights");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.tenantName = Objects.requireNonNull(tenantName, "tenantName");
        this.serviceVersion = Objects.requireNonNull(serviceVersion, "serviceVersion");
    }

    // ---- service information ---------------------------------------------------------------------------------

    @Override
    public ServerInfo serverInfo(URI base) {
        String b = base.toString();
        URI root = URI.create(b.endsWith("/") ? b : b + "/");
        return new ServerInfo(tenantId, tenantName, serviceVersion, root.resolve("_wmcs/certification"),
                root.resolve("_wmcs/licensing"), root.resolve("_wmcs/licensing/publish"));
    }

    // ---- certification ---------------------------------------------------------------------------------------

    @Override
    public CertifyResponse certify(CloudCaller caller, CertifyRequest request) throws CloudException {
        Usage usage = new Usage(CERTIFY, caller);
        try {
            requireEntry(caller);
            if (!mayClaim(caller, request.identity())) {
                throw CloudException.forbidden("identity_not_yours", caller.account() + " may be certified as "
                        + caller.identity() + ", not as " + request.identity());
            }
            try {
                Keys.checkStrength(request.publicKey().publicKey());
            } catch (ProtocolException e) {
                throw protocolRefusal(400, e);
            }
            Instant now = clock.instant();
            ServerCertificate cert;
            try {
                cert = ServerCertificate.issue(keys.privateKey(), keys.kid(), tenantId, caller.identity(),
                        roleName(caller.role()), request.publicKey(), now, now.plus(CERTIFICATE_VALIDITY));
            } catch (ProtocolException e) {
                throw protocolRefusal(500, e);
            }
            usage.granted();
            log(usage.records);
            return new CertifyResponse(cert.compact(), List.of(keys.publicJwk()));
        } catch (CloudException e) {
            throw logRefusal(usage, e);
        }
    }

    // ---- publishing ------------------------------------------------------------------------------------------

    @Override
    public PublishResponse publish(CloudCaller caller, PublishRequest request) throws CloudException {
        PublishingLicense.Draft draft = request.draft();
        Usage usage = new Usage(PUBLISH, caller);
        usage.contentId = draft.contentId();
        usage.owner = draft.owner();
        usage.issuer = caller.identity();
        usage.templateId = templateId(draft.policy());
        usage.actingAs = caller.onBehalfOf();
        try {
            requireEntry(caller);
            String publisher = caller.identity();
            if (caller.onBehalfOf() != null) {
                requireOnBehalfAllowed(caller);
                publisher = caller.onBehalfOf();
            }
            if (!sameParty(publisher, draft.owner())) {
                throw CloudException.forbidden("owner_not_caller", caller.account() + " may publish as "
                        + publisher + ", not as owner " + draft.owner());
            }
            if (draft.policy() instanceof org.rmsconnector.protocol.Policy.Template t) {
                if (usage.templateId == null) {
                    throw new CloudException(400, code(RefusalReason.TEMPLATE_UNKNOWN), "'" + t.templateId()
                            + "' is not a template id of this tenant");
                }
                Optional<Decision.Refused> refused = rights.checkPublishable(usage.templateId,
                        withoutUserIdentity(caller));
                if (refused.isPresent()) {
                    Decision.Refused r = refused.get();
                    throw new CloudException(r.reason() == RefusalReason.TEMPLATE_UNKNOWN ? 400 : 403, code(r.reason()),
                            r.message());
                }
            }
            PublishingLicense pl;
            try {
                pl = PublishingLicense.sign(draft, tenantId, clock.instant(), keys.privateKey(), keys.kid());
            } catch (ProtocolException e) {
                throw protocolRefusal(e.reason() == org.rmsconnector.protocol.Reason.CRYPTO_FAILURE ? 500 : 400, e);
            }
            usage.granted();
            log(usage.records);
            return new PublishResponse(pl.compact());
        } catch (CloudException e) {
            throw logRefusal(usage, e);
        }
    }

    // ---- licensing -------------------------------------------------------------------------------------------

    @Override
    public AcquireLicenseResponse acquireLicense(CloudCaller caller, AcquireLicenseRequest request)
            throws CloudException {
        Usage whole = new Usage(ACQUIRE_LICENSE, caller);
        ServerCertificate cert;
        Instant now = clock.instant();
        try {
            requireEntry(caller);
            cert = certificateOf(caller, request.serverCertificate(), now);
        } catch (CloudException e) {
            throw logRefusal(whole, e);
        }
        Directory directory = store.directory().load();
        SuperUserConfig superUsers = store.tenant().superUsers();
        List<LicenseResult> results = new ArrayList<>();
        List<UsageRecord> records = new ArrayList<>();
        List<AcquireLicenseRequest.Item> items = request.items();
        for (int i = 0; i < items.size(); i++) {
            AcquireLicenseRequest.Item item = items.get(i);
            String obo = item.onBehalfOf() != null ? item.onBehalfOf() : caller.onBehalfOf();
            if (obo != null && caller.kind() == CloudCaller.Kind.USER && sameParty(caller.identity(), obo)) {
                obo = null; // a user "acting for" themself is just the user
            }
            Usage usage = new Usage(ACQUIRE_LICENSE, caller);
            usage.actingAs = obo;
            try {
                if (obo != null) {
                    requireOnBehalfAllowed(caller);
                }
                PublishingLicense pl = verifyLicense(item.publishingLicense(), usage);
                String requester = obo != null ? obo : caller.identity();
                UseLicense ul = license(pl, requester, caller.superUser(), cert.subject(), obo,
                        cert.publicKey().publicKey(), directory, superUsers, now);
                results.add(LicenseResult.success(i, ul.compact()));
                usage.granted();
            } catch (CloudException e) {
                results.add(LicenseResult.failure(i, e.code(), e.getMessage()));
                usage.refused(e.code());
            }
            records.addAll(usage.records);
        }
        log(records);
        return new AcquireLicenseResponse(results);
    }

    @Override
    public AcquirePreLicenseResponse acquirePreLicense(CloudCaller caller, AcquirePreLicenseRequest request)
            throws CloudException {
        Usage whole = new Usage(ACQUIRE_PRELICENSE, caller);
        Instant now = clock.instant();
        PublishingLicense pl;
        try {
            requireEntry(caller);
            certificateOf(caller, request.serverCertificate(), now);
            pl = verifyLicense(request.publishingLicense(), whole);
            boolean exchange = caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == ServerRole.EXCHANGE;
            if (!exchange && !sameParty(caller.identity(), pl.owner())) {
                throw CloudException.forbidden("prelicense_not_allowed", "only Exchange servers and the content's"
                        + " owner may obtain licenses for recipients; " + caller.identity() + " is neither");
            }
        } catch (CloudException e) {
            throw logRefusal(whole, e);
        }
        Directory directory = store.directory().load();
        SuperUserConfig superUsers = store.tenant().superUsers();
        List<LicenseResult> results = new ArrayList<>();
        List<UsageRecord> records = new ArrayList<>();
        List<AcquirePreLicenseRequest.Recipient> recipients = request.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            AcquirePreLicenseRequest.Recipient r = recipients.get(i);
            Usage usage = new Usage(ACQUIRE_PRELICENSE, caller);
            usage.describe(pl);
            usage.actingAs = r.identity();
            try {
                UseLicense ul = license(pl, r.identity(), false, r.identity(), null, r.publicKey().publicKey(),
                        directory, superUsers, now);
                results.add(LicenseResult.success(i, ul.compact()));
                usage.granted();
            } catch (CloudException e) {
                results.add(LicenseResult.failure(i, e.code(), e.getMessage()));
                usage.refused(e.code());
            }
            records.addAll(usage.records);
        }
        log(records);
        return new AcquirePreLicenseResponse(results);
    }

    // ---- templates -------------------------------------------------------------------------------------------

    @Override
    public TemplateList templates(CloudCaller caller) throws CloudException {
        Usage usage = new Usage(ACQUIRE_TEMPLATES, caller);
        try {
            requireEntry(caller);
            List<TemplateSummary> out = new ArrayList<>();
            for (Template t : store.templates().list(false)) {
                if (visible(caller, t) && out.size() < TemplateList.MAX_TEMPLATES) {
                    out.add(new TemplateSummary(t.id().toString(), t.name(), t.description(), t.contentHash(),
                            t.availableWithoutUserIdentity()));
                }
            }
            usage.granted();
            log(usage.records);
            return new TemplateList(out);
        } catch (CloudException e) {
            throw logRefusal(usage, e);
        }
    }

    @Override
    public String template(CloudCaller caller, UUID id) throws CloudException {
        Usage usage = new Usage(ACQUIRE_TEMPLATE, caller);
        usage.templateId = id;
        try {
            requireEntry(caller);
            Template t = store.templates().find(id).filter(x -> visible(caller, x))
                    .orElseThrow(() -> CloudException.notFound("no published template " + id + " for "
                            + caller.identity()));
            usage.granted();
            log(usage.records);
            return TemplateJson.toJson(t);
        } catch (CloudException e) {
            throw logRefusal(usage, e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private UseLicense license(PublishingLicense pl, String requester, boolean superUser, String holder, String obo,
            java.security.interfaces.RSAPublicKey holderKey, Directory directory, SuperUserConfig superUsers,
            Instant now) throws CloudException {
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
        byte[] contentKey = null;
        try {
            contentKey = pl.unwrapContentKey(keys.privateKey());
            UseLicense.Terms terms = new UseLicense.Terms(tenantId, pl.contentId(), holder, obo, granted.rights(), iat,
                    exp);
            return UseLicense.issue(terms, contentKey, holderKey, keys.privateKey(), keys.kid());
        } catch (ProtocolException e) {
            throw protocolRefusal(e.reason() == org.rmsconnector.protocol.Reason.CRYPTO_FAILURE ? 500 : 400, e);
        } catch (IllegalArgumentException e) {
            throw new CloudException(400, "MALFORMED", e.getMessage());
        } finally {
            if (contentKey != null) {
                Arrays.fill(contentKey, (byte) 0);
            }
        }
    }

    private Instant contentNotAfter(PublishingLicense pl, Policy policy) {
        Instant end = pl.notAfter();
        if (policy instanceof Policy.FromTemplate t) {
            Optional<Instant> templateEnd = store.templates().find(t.templateId())
                    .flatMap(x -> x.expiry().notAfter(pl.createdAt()));
            if (templateEnd.isPresent() && (end == null || templateEnd.get().isBefore(end))) {
                end = templateEnd.get();
            }
        }
        return end;
    }

    private PublishingLicense verifyLicense(String compact, Usage usage) throws CloudException {
        try {
            usage.describe(PublishingLicense.parseUnverified(compact));
        } catch (ProtocolException e) {
            // described below, or refused by verify
        }
        PublishingLicense pl;
        try {
            pl = PublishingLicense.verify(compact, keys.publicKey());
        } catch (ProtocolException e) {
            throw protocolRefusal(400, e);
        }
        if (!tenantId.equals(pl.issuer())) {
            throw new CloudException(400, "foreign_license", "the publishing license names tenant " + pl.issuer()
                    + ", not this tenant");
        }
        return pl;
    }

    private ServerCertificate certificateOf(CloudCaller caller, String compact, Instant now) throws CloudException {
        ServerCertificate cert;
        try {
            cert = ServerCertificate.verify(compact, keys.publicKey(), now);
        } catch (ProtocolException e) {
            throw protocolRefusal(403, e);
        }
        if (!tenantId.equals(cert.issuer())) {
            throw CloudException.forbidden("certificate_not_yours", "the server certificate was issued by tenant "
                    + cert.issuer() + ", not by this tenant");
        }
        boolean subjectOk = caller.kind() == CloudCaller.Kind.USER ? sameParty(caller.identity(), cert.subject())
                : caller.identity().equalsIgnoreCase(cert.subject());
        if (!subjectOk) {
            throw CloudException.forbidden("certificate_not_yours", "the server certificate belongs to "
                    + cert.subject() + ", not to " + caller.identity());
        }
        String expectedRole = roleName(caller.role());
        if (!Objects.equals(expectedRole, cert.role())) {
            throw CloudException.forbidden("certificate_not_yours", "the server certificate of " + cert.subject()
                    + " was issued for role " + cert.role() + "; the caller now holds role " + expectedRole
                    + ": certify again");
        }
        return cert;
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

    private boolean visible(CloudCaller caller, Template t) {
        return t.status() == TemplateStatus.PUBLISHED && (!withoutUserIdentity(caller) || t.availableWithoutUserIdentity());
    }

    private static boolean withoutUserIdentity(CloudCaller caller) {
        return caller.kind() == CloudCaller.Kind.CONNECTOR
                && (caller.role() == ServerRole.FCI || caller.role() == ServerRole.EXCHANGE);
    }

    private static void requireEntry(CloudCaller caller) throws CloudException {
        if (caller.kind() == CloudCaller.Kind.CONNECTOR && caller.role() == null) {
            throw CloudException.forbidden("entry_required", "connector " + caller.connectorId()
                    + " called for itself; rights-management operations need an authorized-servers entry");
        }
    }

    private static void requireOnBehalfAllowed(CloudCaller caller) throws CloudException {
        if (caller.kind() != CloudCaller.Kind.CONNECTOR) {
            throw CloudException.forbidden("obo_not_allowed", "a user may not act on behalf of another user");
        }
        if (caller.role() == ServerRole.FCI) {
            throw CloudException.forbidden("obo_not_allowed",
                    "file servers (FCI) act without user identity and may not name a user to act for");
        }
    }

    private boolean mayClaim(CloudCaller caller, String identity) {
        if (identity.equalsIgnoreCase(caller.identity())) {
            return true;
        }
        if (caller.kind() == CloudCaller.Kind.CONNECTOR) {
            return identity.equalsIgnoreCase(caller.account());
        }
        return sameParty(caller.identity(), identity);
    }

    /** Whether two names denote the same person: equal, or the UPN and mail address of one directory user. */
    private boolean sameParty(String a, String b) {
        if (a.strip().equalsIgnoreCase(b.strip())) {
            return true;
        }
        return store.directory().findUser(a).map(u -> u.identifiers().contains(Principals.optionalKey(b)))
                .orElse(false);
    }

    private static UUID templateId(org.rmsconnector.protocol.Policy policy) {
        return policy instanceof org.rmsconnector.protocol.Policy.Template t ? parseUuid(t.templateId()) : null;
    }

    private static UUID parseUuid(String s) {
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String roleName(ServerRole role) {
        return role == null ? null : role.name().toLowerCase(Locale.ROOT);
    }

    private static String code(RefusalReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    private static CloudException protocolRefusal(int status, ProtocolException e) {
        return new CloudException(status, e.reason().name(), e.getMessage(), e);
    }

    private void log(List<UsageRecord> records) throws CloudException {
        try {
            store.usage().appendAll(records);
        } catch (StoreException e) {
            throw new CloudException(503, "usage_log_unavailable",
                    "the usage log cannot be written, so nothing is granted: " + e.getMessage(), e);
        }
    }

    private CloudException logRefusal(Usage usage, CloudException refusal) {
        if (usage.records.isEmpty()) {
            usage.refused(refusal.code());
        }
        try {
            store.usage().appendAll(usage.records);
        } catch (RuntimeException e) {
            refusal.addSuppressed(e); // the refusal stands; the log failure travels with it
        }
        return refusal;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The usage record of one request or item, filled in as the operation learns about the content. */
    private final class Usage {
        final String type;
        final CloudCaller caller;
        final List<UsageRecord> records = new ArrayList<>(1);
        String contentId;
        String owner;
        String issuer;
        UUID templateId;
        String actingAs;

        Usage(String type, CloudCaller caller) {
            this.type = type;
            this.caller = caller;
            this.actingAs = caller.onBehalfOf();
        }

        void describe(PublishingLicense pl) {
            contentId = pl.contentId();
            owner = pl.owner();
            issuer = pl.owner();
            templateId = templateId(pl.policy());
        }

        void granted() {
            refused(GRANTED);
        }

        void refused(String result) {
            // clipped to the log's columns: a refusal of an absurd request must still be logged
            records.add(new UsageRecord(clock.instant(), type, clip(caller.account(), 256), clip(result, 64),
                    clip(caller.requestId(), 128), clip(contentId, 256), clip(owner, 256), clip(issuer, 256), templateId,
                    clip(actingAs, 256), clip(caller.connectorId(), 64)));
        }
    }
}
